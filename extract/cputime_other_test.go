//go:build !unix

package extract_test

import "time"

func processCPU() (time.Duration, bool) { return 0, false }
