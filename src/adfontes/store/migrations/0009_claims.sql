-- Claims: sentences that assert something checkable, and the slots read from each.
CREATE TABLE claims (
    id INTEGER PRIMARY KEY,
    source_id TEXT NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
    file_id TEXT NOT NULL REFERENCES files(id) ON DELETE CASCADE,
    passage_id INTEGER REFERENCES passages(id) ON DELETE CASCADE,
    start INTEGER NOT NULL,             -- offsets into files.text, half-open: the sentence
    end INTEGER NOT NULL,
    lang TEXT,                          -- the cue rules it was read with
    source_date TEXT,                   -- EDTF date of the asserting source, when known
    polarity TEXT NOT NULL,             -- positive | negative
    modality TEXT NOT NULL,             -- asserted | reported | hedged
    speaker TEXT,                       -- surface of the person reported, when named
    speaker_entity TEXT                 -- the names stage's entity for it, when resolved
);
CREATE INDEX claims_source ON claims(source_id, start);
CREATE INDEX claims_passage ON claims(passage_id);

CREATE TABLE claim_slots (
    claim_id INTEGER NOT NULL REFERENCES claims(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,                 -- speaker, cue, quote, negation, hedge, quantity, concept,
                                        -- person, place, org, time
    start INTEGER NOT NULL,             -- offsets into files.text, half-open
    end INTEGER NOT NULL,
    surface TEXT NOT NULL,
    value TEXT,                         -- entity id, EDTF, number in unit, concept key
    unit TEXT,                          -- km, day, person (quantities)
    earliest TEXT,                      -- inclusive ISO bounds of a time
    latest TEXT,
    rule TEXT,                          -- id of the rule (or stage rule) that read it
    approx INTEGER NOT NULL DEFAULT 0,  -- "about", "some", "mintegy" ...
    via TEXT NOT NULL DEFAULT 'sentence'-- sentence | context (a date carried from the passage)
);
CREATE INDEX claim_slots_claim ON claim_slots(claim_id);
CREATE INDEX claim_slots_value ON claim_slots(kind, value);
