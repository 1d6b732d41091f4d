-- The named queries Orleans' ADO.NET providers run. Orleans reads this table at start-up and binds parameters
-- and result columns by name, so every query below keeps the names the providers expect; the SQL behind them is
-- ours. Re-running any script replaces the queries with the current text.
CREATE TABLE IF NOT EXISTS orleansquery
(
    querykey  varchar(64)   NOT NULL PRIMARY KEY,
    querytext varchar(8000) NOT NULL
);
