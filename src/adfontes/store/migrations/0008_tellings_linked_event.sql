-- The linked event of a telling: another event the telling ties its own to (a decision of a
-- body on a date of its own), kept verbatim with its span.
ALTER TABLE tellings ADD COLUMN linked_event TEXT;
ALTER TABLE tellings ADD COLUMN linked_start INTEGER;
ALTER TABLE tellings ADD COLUMN linked_end INTEGER;
