CREATE TABLE ann_indexes (
    model TEXT PRIMARY KEY,
    count INTEGER NOT NULL,             -- vectors in the index; rebuilt when the table changes
    max_id INTEGER NOT NULL,
    library TEXT NOT NULL,              -- e.g. usearch 2.x
    built_at TEXT NOT NULL,
    data BLOB NOT NULL                  -- the serialised index
);
CREATE TABLE bib_entries (
    id INTEGER PRIMARY KEY,
    source_id TEXT NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
    file_id TEXT NOT NULL REFERENCES files(id) ON DELETE CASCADE,
    passage_id INTEGER REFERENCES passages(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,               -- order within the source's bibliography
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    alias TEXT,                         -- the alias in parentheses ("CLT"), CSL citation-label
    work_key TEXT NOT NULL,             -- normalised author|title: one work across sources
    csl TEXT NOT NULL,                  -- JSON: the CSL-JSON item
    spans TEXT NOT NULL DEFAULT '{}'    -- JSON {csl variable: [start, end]} into the file text
);
CREATE TABLE citations (
    id INTEGER PRIMARY KEY,
    source_id TEXT NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
    file_id TEXT NOT NULL REFERENCES files(id) ON DELETE CASCADE,
    passage_id INTEGER REFERENCES passages(id) ON DELETE CASCADE,
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    kind TEXT NOT NULL,                 -- archive, short_cite, full_cite, ibid, newspaper, url, footnote_ref
    rule TEXT NOT NULL,                 -- id of the pattern that found it
    fields TEXT NOT NULL DEFAULT '{}',  -- JSON: the named slots of the pattern
    archive_key TEXT,                   -- normalised shelf mark or collection, for archive citations
    entry_id INTEGER REFERENCES bib_entries(id) ON DELETE SET NULL,
    target_citation_id INTEGER REFERENCES citations(id) ON DELETE SET NULL,
    method TEXT                         -- how it was resolved: alias, author-title, context, ...
);
CREATE TABLE cite_problems (
    id INTEGER PRIMARY KEY,
    source_id TEXT NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
    file_id TEXT NOT NULL REFERENCES files(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,                 -- page_range, no_entry, alias, work_year, custody, ...
    detail TEXT NOT NULL,
    spans TEXT NOT NULL,                -- JSON [[start, end], ...] into the file text
    vals TEXT NOT NULL DEFAULT '[]'     -- JSON: the differing values, in span order
);
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
CREATE TABLE "embeddings" (
    passage_id INTEGER NOT NULL REFERENCES passages(id) ON DELETE CASCADE,
    model TEXT NOT NULL,                -- embedder name; vectors of other models are not compared
    dim INTEGER NOT NULL,
    scale REAL NOT NULL,                -- component = int8 value * scale (vectors are L2-normalised)
    vec BLOB NOT NULL,                  -- dim signed bytes
    PRIMARY KEY (passage_id, model)
);
CREATE TABLE entities (
    id TEXT PRIMARY KEY,                -- P-/L-/O-/X- + a slug of the label; stable across reruns
    label TEXT NOT NULL,
    kind TEXT NOT NULL,                 -- person, place, org, periodical, unknown
    qid TEXT,                           -- Wikidata id, from the gazetteer or authority file
    authority TEXT,                     -- id of the gazetteer or authority entry it matched
    mentions INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE entity_keys (
    entity_id TEXT NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
    key TEXT NOT NULL,
    PRIMARY KEY (entity_id, key)
);
CREATE TABLE files (
    id TEXT PRIMARY KEY,                -- sha256 of the file's bytes
    path TEXT NOT NULL,                 -- as given on the command line or in the manifest
    format TEXT NOT NULL,               -- txt, md, html, pdf, docx, tei, jsonl
    encoding TEXT,
    bytes INTEGER NOT NULL,
    text TEXT NOT NULL,                 -- the decoded text (for pdf/html/docx/tei/jsonl: the text layer)
    superseded_by TEXT REFERENCES files(id),
    ingested_at TEXT NOT NULL
);
CREATE TABLE footnote_links (
    marker_passage_id INTEGER NOT NULL REFERENCES passages(id) ON DELETE CASCADE,
    marker_start INTEGER NOT NULL,
    marker_end INTEGER NOT NULL,
    label TEXT NOT NULL,
    note_passage_id INTEGER REFERENCES passages(id) ON DELETE CASCADE
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
CREATE TABLE name_authority (
    id TEXT PRIMARY KEY,
    label TEXT NOT NULL,
    kind TEXT NOT NULL,
    qid TEXT,
    variants TEXT NOT NULL DEFAULT '[]',-- JSON list
    aliases TEXT NOT NULL DEFAULT '[]', -- JSON list of {name, from, to} (EDTF dates)
    imported_at TEXT NOT NULL
);
CREATE TABLE name_decisions (
    id INTEGER PRIMARY KEY,
    action TEXT NOT NULL,
    args TEXT NOT NULL,                 -- JSON list of names (resolved through their keys)
    decided_at TEXT NOT NULL
, unapplied TEXT);
CREATE TABLE passages (
    id INTEGER PRIMARY KEY,
    file_id TEXT NOT NULL REFERENCES files(id) ON DELETE CASCADE,
    source_id TEXT NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,               -- order within the file
    kind TEXT NOT NULL,                 -- heading, paragraph, footnote, bibliography, index, toc,
                                        -- front, furniture, noise
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    page TEXT,
    section TEXT,                       -- the heading the passage falls under
    lang TEXT,
    langs TEXT NOT NULL DEFAULT '{}',   -- JSON {language: share of letters} for mixed passages
    norm TEXT NOT NULL                  -- normalised for matching (NFC, spaces, homoglyphs, hyphens)
);
CREATE TABLE provenance_edges (
    id INTEGER PRIMARY KEY,
    source_id TEXT NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
    relation TEXT NOT NULL,             -- cites | translation_of | quotes
    target_kind TEXT NOT NULL,          -- work | archive | source
    target TEXT NOT NULL,               -- work_key, archive_key or source id
    label TEXT NOT NULL,
    citation_id INTEGER REFERENCES citations(id) ON DELETE CASCADE
);
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
CREATE TABLE schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT);
CREATE TABLE search_docs (
    passage_id INTEGER PRIMARY KEY REFERENCES passages(id) ON DELETE CASCADE,
    source_id TEXT NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
    length INTEGER NOT NULL             -- words in the passage, for BM25 length normalisation
);
CREATE VIRTUAL TABLE search_fts USING fts5(
    words, stems, names,
    tokenize = "unicode61 remove_diacritics 0 tokenchars '_'",
    prefix = '2 3'
);
CREATE TABLE 'search_fts_config'(k PRIMARY KEY, v) WITHOUT ROWID;
CREATE TABLE 'search_fts_content'(id INTEGER PRIMARY KEY, c0, c1, c2);
CREATE TABLE 'search_fts_data'(id INTEGER PRIMARY KEY, block BLOB);
CREATE TABLE 'search_fts_docsize'(id INTEGER PRIMARY KEY, sz BLOB);
CREATE TABLE 'search_fts_idx'(segid, term, pgno, PRIMARY KEY(segid, term)) WITHOUT ROWID;
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
CREATE TABLE sentences (
    passage_id INTEGER NOT NULL REFERENCES passages(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    PRIMARY KEY (passage_id, seq)
);
CREATE TABLE sources (
    id TEXT PRIMARY KEY,                -- file hash prefix; sub-documents add ".NN"
    file_id TEXT NOT NULL REFERENCES files(id) ON DELETE CASCADE,
    parent_id TEXT REFERENCES sources(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,               -- 0: the whole file; 1..: documents split out of it
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    title TEXT,
    author TEXT,
    date TEXT,                          -- EDTF
    language TEXT,
    kind TEXT,                          -- primary | secondary | tertiary
    genre TEXT,
    archive TEXT,
    translation_of TEXT,
    noise INTEGER NOT NULL DEFAULT 0,   -- unrelated scraped material, kept out of analysis
    inferred TEXT NOT NULL DEFAULT '[]',-- JSON list of the fields that were inferred, not given
    meta TEXT NOT NULL DEFAULT '{}'     -- JSON: other manifest keys, segmentation figures
);
CREATE TABLE stage_runs (
    source_id TEXT NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
    stage TEXT NOT NULL,
    rules_version TEXT NOT NULL,
    ran_at TEXT NOT NULL,
    PRIMARY KEY (source_id, stage)
);
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
, linked_event TEXT, linked_start INTEGER, linked_end INTEGER);
CREATE TABLE times (
    id INTEGER PRIMARY KEY,
    source_id TEXT NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
    file_id TEXT NOT NULL REFERENCES files(id) ON DELETE CASCADE,
    passage_id INTEGER REFERENCES passages(id) ON DELETE CASCADE,
    start INTEGER NOT NULL,             -- offsets into files.text, half-open
    end INTEGER NOT NULL,
    surface TEXT NOT NULL,
    value TEXT NOT NULL,                -- EDTF, or DURATION:P... for a duration
    earliest TEXT,                      -- inclusive ISO bounds; NULL for an open end
    latest TEXT,
    precision TEXT,                     -- day, month, season, year, decade, century, interval
    calendar TEXT,                      -- gregorian, julian, unknown
    rule TEXT NOT NULL,                 -- id of the rule that found it
    anchoring TEXT NOT NULL,            -- explicit, anchor:doc, anchor:narrative
    anchor TEXT,                        -- EDTF of the date it was resolved against
    role TEXT,                          -- document, publication, ... when it can be told
    lang TEXT                           -- the rule pack that read it
);
CREATE INDEX bib_entries_source ON bib_entries(source_id);
CREATE INDEX bib_entries_work ON bib_entries(work_key);
CREATE INDEX citations_archive ON citations(archive_key);
CREATE INDEX citations_entry ON citations(entry_id);
CREATE INDEX citations_passage ON citations(passage_id);
CREATE INDEX citations_source ON citations(source_id, start);
CREATE INDEX cite_problems_source ON cite_problems(source_id);
CREATE INDEX claim_slots_claim ON claim_slots(claim_id);
CREATE INDEX claim_slots_value ON claim_slots(kind, value);
CREATE INDEX claims_passage ON claims(passage_id);
CREATE INDEX claims_source ON claims(source_id, start);
CREATE INDEX embeddings_model ON embeddings(model);
CREATE INDEX entity_keys_key ON entity_keys(key);
CREATE INDEX files_path ON files(path);
CREATE INDEX footnote_links_note ON footnote_links(note_passage_id);
CREATE INDEX mentions_entity ON mentions(entity_id);
CREATE INDEX mentions_passage ON mentions(passage_id);
CREATE INDEX mentions_source ON mentions(source_id);
CREATE UNIQUE INDEX passages_file_seq ON passages(file_id, seq);
CREATE INDEX passages_source ON passages(source_id);
CREATE INDEX provenance_source ON provenance_edges(source_id);
CREATE INDEX provenance_target ON provenance_edges(target_kind, target);
CREATE INDEX reuse_pairs_a ON reuse_pairs(a_passage);
CREATE INDEX reuse_pairs_b ON reuse_pairs(b_passage);
CREATE INDEX search_docs_source ON search_docs(source_id);
CREATE INDEX sources_file ON sources(file_id);
CREATE INDEX sources_parent ON sources(parent_id);
CREATE INDEX tellings_passage ON tellings(passage_id);
CREATE INDEX tellings_story ON tellings(story_id);
CREATE INDEX times_earliest ON times(earliest);
CREATE INDEX times_source ON times(source_id);
