DROP TRIGGER busy_days_take_over;
DROP TRIGGER busy_days_delete;
DROP TRIGGER busy_days_insert;
DROP TABLE busy_days;
