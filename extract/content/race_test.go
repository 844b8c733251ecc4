//go:build race

package content

// raceEnabled makes the long randomised tests shorter: the race detector
// makes regexp matching many times slower.
const raceEnabled = true
