-- Vectors of single sentences, kept for the variants stage: it embeds only the sentences it
-- needs to compare (a weak cross-language pair, the members of two story pieces), and a later
-- run reads them back instead of embedding them again. Keyed by the sentence's file offsets,
-- so a passage whose sentences are cut again keeps no stale vector of a span it no longer has.
CREATE TABLE sentence_vectors (
    passage_id INTEGER NOT NULL REFERENCES passages(id) ON DELETE CASCADE,
    start INTEGER NOT NULL,             -- file offsets of the sentence (or run of sentences)
    end INTEGER NOT NULL,
    model TEXT NOT NULL,                -- embedder name; vectors of other models are not compared
    dim INTEGER NOT NULL,
    scale REAL NOT NULL,                -- component = int8 value * scale (vectors are L2-normalised)
    vec BLOB NOT NULL,                  -- dim signed bytes
    PRIMARY KEY (passage_id, start, end, model)
);
