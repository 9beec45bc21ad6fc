-- Search: each passage's matching forms for FTS5 (BM25) and its embedding, stored compactly.
-- The FTS rowid is the passage id. Columns hold space-separated tokens, already folded:
-- words (case and diacritics folded), stems (language-tagged base forms, "hu_kiutasit"),
-- names (name keys, so that every spelling of a name gives the same token).
CREATE VIRTUAL TABLE search_fts USING fts5(
    words, stems, names,
    tokenize = "unicode61 remove_diacritics 0 tokenchars '_'",
    prefix = '2 3'
);

CREATE TABLE search_docs (
    passage_id INTEGER PRIMARY KEY REFERENCES passages(id) ON DELETE CASCADE,
    source_id TEXT NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
    length INTEGER NOT NULL             -- words in the passage, for BM25 length normalisation
);
CREATE INDEX search_docs_source ON search_docs(source_id);

CREATE TABLE embeddings (
    passage_id INTEGER PRIMARY KEY REFERENCES passages(id) ON DELETE CASCADE,
    model TEXT NOT NULL,                -- embedder name; vectors of other models are not compared
    dim INTEGER NOT NULL,
    scale REAL NOT NULL,                -- component = int8 value * scale (vectors are L2-normalised)
    vec BLOB NOT NULL                   -- dim signed bytes
);
CREATE INDEX embeddings_model ON embeddings(model);

CREATE TABLE ann_indexes (
    model TEXT PRIMARY KEY,
    count INTEGER NOT NULL,             -- vectors in the index; rebuilt when the table changes
    max_id INTEGER NOT NULL,
    library TEXT NOT NULL,              -- e.g. usearch 2.x
    built_at TEXT NOT NULL,
    data BLOB NOT NULL                  -- the serialised index
);
