-- Embeddings keyed by passage and model: vectors of a second model sit beside the first's
-- instead of replacing them. SQLite cannot change a primary key in place: the table is made
-- again, the rows copied, the old table dropped and the new one renamed.
CREATE TABLE embeddings_new (
    passage_id INTEGER NOT NULL REFERENCES passages(id) ON DELETE CASCADE,
    model TEXT NOT NULL,                -- embedder name; vectors of other models are not compared
    dim INTEGER NOT NULL,
    scale REAL NOT NULL,                -- component = int8 value * scale (vectors are L2-normalised)
    vec BLOB NOT NULL,                  -- dim signed bytes
    PRIMARY KEY (passage_id, model)
);
INSERT INTO embeddings_new (passage_id, model, dim, scale, vec)
    SELECT passage_id, model, dim, scale, vec FROM embeddings;
DROP TABLE embeddings;
ALTER TABLE embeddings_new RENAME TO embeddings;
CREATE INDEX embeddings_model ON embeddings(model);
