-- Automatic failovers are counted over a recent window, per service and across all services (the
-- circuit breaker): the failover operations by when they were accepted.
CREATE INDEX operations_failovers ON operations (started_at) WHERE kind = 'failover';
