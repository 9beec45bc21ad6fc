-- Names: mentions found in passages, the entities they are gathered into, and what users decided.
CREATE TABLE entities (
    id TEXT PRIMARY KEY,                -- P-/L-/O-/X- + a slug of the label; stable across reruns
    label TEXT NOT NULL,
    kind TEXT NOT NULL,                 -- person, place, org, periodical, unknown
    qid TEXT,                           -- Wikidata id, from the gazetteer or authority file
    authority TEXT,                     -- id of the gazetteer or authority entry it matched
    mentions INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE mentions (
    id INTEGER PRIMARY KEY,
    source_id TEXT NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
    file_id TEXT NOT NULL REFERENCES files(id) ON DELETE CASCADE,
    passage_id INTEGER REFERENCES passages(id) ON DELETE CASCADE,
    start INTEGER NOT NULL,             -- offsets into files.text, half-open
    end INTEGER NOT NULL,
    surface TEXT NOT NULL,
    base TEXT NOT NULL,                 -- base form (case endings off, Cyrillic lemmatised)
    head TEXT NOT NULL,                 -- the word it is keyed on (a person's surname)
    given TEXT NOT NULL DEFAULT '[]',   -- JSON list: given names, initials, patronymics
    kind TEXT NOT NULL,
    gender TEXT,
    title TEXT,
    keys TEXT NOT NULL DEFAULT '[]',    -- JSON list of name-key skeletons
    phonetic TEXT NOT NULL DEFAULT '[]',-- JSON list of Daitch-Mokotoff codes
    rule TEXT NOT NULL,                 -- id of the rule that found it
    base_rule TEXT,                     -- id of the rule that gave its base form
    lang TEXT NOT NULL,                 -- the rules it was read with
    dotted INTEGER NOT NULL DEFAULT 0,  -- written with a full stop after it (maybe cut short)
    entity_id TEXT REFERENCES entities(id) ON DELETE SET NULL
);
CREATE INDEX mentions_source ON mentions(source_id);
CREATE INDEX mentions_passage ON mentions(passage_id);
CREATE INDEX mentions_entity ON mentions(entity_id);

CREATE TABLE entity_keys (
    entity_id TEXT NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
    key TEXT NOT NULL,
    PRIMARY KEY (entity_id, key)
);
CREATE INDEX entity_keys_key ON entity_keys(key);

-- A user's authority file, imported: entries the clustering treats as known entities.
CREATE TABLE name_authority (
    id TEXT PRIMARY KEY,
    label TEXT NOT NULL,
    kind TEXT NOT NULL,
    qid TEXT,
    variants TEXT NOT NULL DEFAULT '[]',-- JSON list
    aliases TEXT NOT NULL DEFAULT '[]', -- JSON list of {name, from, to} (EDTF dates)
    imported_at TEXT NOT NULL
);

-- merge / split / rename, applied in order after every clustering, so they survive reruns.
CREATE TABLE name_decisions (
    id INTEGER PRIMARY KEY,
    action TEXT NOT NULL,
    args TEXT NOT NULL,                 -- JSON list of names (resolved through their keys)
    decided_at TEXT NOT NULL
);
