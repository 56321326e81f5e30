package store

// Dialect names the database behind the store: "sqlite" or "postgres".
func (s *Store) Dialect() string { return "sqlite" }
