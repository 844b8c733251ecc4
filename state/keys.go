package state

import (
	"crypto/sha256"
	"strings"
)

// The keys of the stores never grow with a URL: bbolt refuses keys over
// 32 KiB (and a refused key fails the whole batch's commit), and a URL
// can be any length. A URL is known by urlKey; an article by its site and
// ID, hashed when the ID is long.

// urlKey is what a store knows a URL by: the first 16 bytes of its
// SHA-256 (a collision needs about 2^64 URLs).
func urlKey(u string) string {
	h := sha256.Sum256([]byte(u))
	return string(h[:16])
}

// maxPlainKey is the longest done key kept as site NUL id; longer ones
// are site SOH sha256(id), and the value names the site and ID.
const maxPlainKey = 512

// doneKey is the embedded store's key of the article (site, id).
func doneKey(site, id string) []byte {
	if len(site)+1+len(id) <= maxPlainKey {
		return []byte(site + "\x00" + id)
	}
	h := sha256.Sum256([]byte(id))
	return append([]byte(site+"\x01"), h[:]...)
}

// splitDoneKey is the site and ID of a plain done key; hashed says the
// ID is in the value instead.
func splitDoneKey(k []byte) (site, id string, hashed bool) {
	s := string(k)
	if i := strings.IndexByte(s, 0); i >= 0 {
		return s[:i], s[i+1:], false
	}
	if i := strings.IndexByte(s, 1); i >= 0 {
		return s[:i], "", true
	}
	return s, "", false
}

// redisField is the Redis store's field of the article (site, id) in the
// done hash (Redis has no key limit that matters here).
func redisField(site, id string) string { return site + "\x00" + id }
