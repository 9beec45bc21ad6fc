-- Reuse pairs (two passages that tell the same thing, with the aligned spans), stories (tellings
-- of one story or quotation clustered over the corpus) and their tellings with the slots read.
CREATE TABLE reuse_pairs (
    id INTEGER PRIMARY KEY,
    a_passage INTEGER NOT NULL REFERENCES passages(id) ON DELETE CASCADE,
    b_passage INTEGER NOT NULL REFERENCES passages(id) ON DELETE CASCADE,
    a_start INTEGER NOT NULL,           -- aligned span in a's file, half-open
    a_end INTEGER NOT NULL,
    b_start INTEGER NOT NULL,
    b_end INTEGER NOT NULL,
    kind TEXT NOT NULL,                 -- verbatim, fragment, paraphrase, translation
    matched INTEGER NOT NULL,           -- words matched in the aligned spans
    shared TEXT NOT NULL DEFAULT '[]',  -- JSON: entities (@), dates (#) and word stems (~) shared
    score REAL NOT NULL,
    via TEXT NOT NULL DEFAULT '[]'      -- JSON: the candidate indexes that proposed the pair
);
CREATE INDEX reuse_pairs_a ON reuse_pairs(a_passage);
CREATE INDEX reuse_pairs_b ON reuse_pairs(b_passage);

CREATE TABLE stories (
    id TEXT PRIMARY KEY,                -- S- + hash of the first telling's place; stable on reruns
    label TEXT NOT NULL,
    tellings INTEGER NOT NULL,
    sources INTEGER NOT NULL,
    score REAL NOT NULL,                -- for ranking: tellings, sources and pair strength
    summary TEXT NOT NULL
);

CREATE TABLE tellings (
    id INTEGER PRIMARY KEY,
    story_id TEXT NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,               -- order by date of telling, then place in the corpus
    source_id TEXT NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
    file_id TEXT NOT NULL REFERENCES files(id) ON DELETE CASCADE,
    passage_id INTEGER REFERENCES passages(id) ON DELETE CASCADE,
    start INTEGER NOT NULL,             -- the telling in its file, half-open
    end INTEGER NOT NULL,
    earliest INTEGER NOT NULL DEFAULT 0,-- 1 for the earliest attestation
    telling_date TEXT,                  -- EDTF: the date of the text that tells it
    telling_date_from TEXT,             -- source (manifest), document (dateline) or parent
    claimed_date TEXT,                  -- EDTF: the date it gives for the event
    claimed_start INTEGER,
    claimed_end INTEGER,
    audience TEXT,
    audience_start INTEGER,
    audience_end INTEGER,
    audience_rule TEXT,
    wording TEXT,
    wording_start INTEGER,
    wording_end INTEGER,
    witnesses TEXT NOT NULL DEFAULT '[]', -- JSON: persons named in the telling (not the teller)
    teller TEXT                         -- who tells it: the source's author, when known
);
CREATE INDEX tellings_story ON tellings(story_id);
CREATE INDEX tellings_passage ON tellings(passage_id);
