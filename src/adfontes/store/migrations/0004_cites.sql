-- Citations found in passages, bibliography entries (CSL-JSON), the links between them,
-- citation problems, and the provenance graph built from them.
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
CREATE INDEX bib_entries_source ON bib_entries(source_id);
CREATE INDEX bib_entries_work ON bib_entries(work_key);

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
CREATE INDEX citations_source ON citations(source_id, start);
CREATE INDEX citations_passage ON citations(passage_id);
CREATE INDEX citations_entry ON citations(entry_id);
CREATE INDEX citations_archive ON citations(archive_key);

CREATE TABLE cite_problems (
    id INTEGER PRIMARY KEY,
    source_id TEXT NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
    file_id TEXT NOT NULL REFERENCES files(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,                 -- page_range, no_entry, alias, work_year, custody, ...
    detail TEXT NOT NULL,
    spans TEXT NOT NULL,                -- JSON [[start, end], ...] into the file text
    vals TEXT NOT NULL DEFAULT '[]'     -- JSON: the differing values, in span order
);
CREATE INDEX cite_problems_source ON cite_problems(source_id);

CREATE TABLE provenance_edges (
    id INTEGER PRIMARY KEY,
    source_id TEXT NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
    relation TEXT NOT NULL,             -- cites | translation_of | quotes
    target_kind TEXT NOT NULL,          -- work | archive | source
    target TEXT NOT NULL,               -- work_key, archive_key or source id
    label TEXT NOT NULL,
    citation_id INTEGER REFERENCES citations(id) ON DELETE CASCADE
);
CREATE INDEX provenance_source ON provenance_edges(source_id);
CREATE INDEX provenance_target ON provenance_edges(target_kind, target);
