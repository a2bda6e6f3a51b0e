-- How many of a lot's points expired (written by expiry), so a refund of the order that
-- earned them does not take back what expiry already took.
ALTER TABLE point_lots ADD COLUMN expired BIGINT NOT NULL DEFAULT 0;
