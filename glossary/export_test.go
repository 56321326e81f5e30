package glossary

// Scans is how many documents Occurrences has read.
func (g *Service) Scans() int {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.scans
}
