-- Date, range and duration expressions found by the dates stage, with their EDTF values.
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
CREATE INDEX times_source ON times(source_id);
CREATE INDEX times_earliest ON times(earliest);
