//go:build race

package extract_test

// raceEnabled slows time budgets down: the race detector makes Extract
// 10 to 40 times slower.
const raceEnabled = true
