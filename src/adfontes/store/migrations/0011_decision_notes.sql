-- Why a recorded decision (merge, split, rename) could not be applied when the entities were
-- last gathered (no entity has the name any more, say); NULL when it was applied. Written with
-- the entities, read by 'analyze' to warn, so a decision that silently stopped acting is said.
ALTER TABLE name_decisions ADD COLUMN unapplied TEXT;
