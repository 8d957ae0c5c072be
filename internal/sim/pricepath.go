package sim

import (
	"math"
	"time"
)

// tickDuration is the resolution of the price paths: a trade prints every
// second of market time while a market is open.
const tickDuration = time.Second

// A price path is a sum of value-noise octaves, from one tick to about two
// years, whose amplitudes grow with the square root of their period. Its
// increments over a horizon h have a standard deviation close to
// vol·sqrt(h/year), like a random walk, yet the price at any instant is
// computed directly from a hash, so any bar of any day costs the same and
// the same symbol always follows the same path.
const (
	octaves     = 27 // 2^26 seconds is a little over two years
	secsPerYear = 365.25 * 24 * 3600
)

// octaveGain is sqrt(3/(8·year)): it turns vol·sqrt(period) into an octave amplitude.
var octaveGain = math.Sqrt(3 / (8 * secsPerYear))

// referenceInstant is where every path passes through its anchor price.
var referenceInstant = DefaultStart

// pathLog is the log-price offset of a path at second sec (counted from the
// reference instant).
func pathLog(seed uint64, vol float64, sec int64) float64 {
	var x float64
	for k := range octaves {
		period := int64(1) << k
		i := floorDiv(sec, period)
		frac := float64(sec-i*period) / float64(period)
		a := noise(seed, k, i)
		if frac != 0 {
			a += (noise(seed, k, i+1) - a) * frac
		}
		x += a * math.Sqrt(float64(period))
	}
	return x * vol * octaveGain
}

// noise is a uniform value in [-1, 1) for lattice point i of octave k.
func noise(seed uint64, k int, i int64) float64 {
	h := splitmix(seed ^ uint64(k)*0x9e3779b97f4a7c15 ^ uint64(i)*0xbf58476d1ce4e5b9)
	return float64(h>>11)/float64(1<<52) - 1
}

// uniform is a deterministic value in [0, 1) for the given keys.
func uniform(seed uint64, keys ...int64) float64 {
	h := seed
	for _, k := range keys {
		h = splitmix(h ^ uint64(k)*0x94d049bb133111eb)
	}
	return float64(h>>11) / float64(1<<53)
}

func splitmix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ x>>30) * 0xbf58476d1ce4e5b9
	x = (x ^ x>>27) * 0x94d049bb133111eb
	return x ^ x>>31
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}

// secondsFromReference counts whole ticks from the reference instant to t.
func secondsFromReference(t time.Time) int64 {
	return int64(math.Floor(t.Sub(referenceInstant).Seconds()))
}

// rawPrice is the unrounded price of a path instrument at tick t.
func (in *instrument) rawPrice(t time.Time) float64 {
	x := pathLog(in.seed, in.vol, secondsFromReference(t)) - pathLog(in.seed, in.vol, 0)
	return in.anchor * math.Exp(x)
}

// roundToTick rounds a price to the instrument's increment, never below one tick.
func (in *instrument) roundToTick(p float64) amount {
	ticks := math.Round(p / in.tick.float())
	return amount(max(ticks, 1)) * in.tick
}

// tickVolume is the deterministic volume traded at tick t: the average
// daily volume spread over the session, varying by a factor of 0.2 to 1.8
// from minute to minute (every tick of a minute trades the same), so that
// the volume of a long bar is a sum over minutes.
func (in *instrument) tickVolume(t time.Time, sessionTicks int64) int64 {
	per := float64(in.avgVolume) / float64(sessionTicks)
	lot := in.lot()
	minute := floorDiv(secondsFromReference(t), 60)
	v := per * (0.2 + 1.6*uniform(in.seed, minute, 7))
	return max(int64(math.Round(v/float64(lot))), 0) * lot
}

// lot is the size trades come in: round lots for liquid stocks.
func (in *instrument) lot() int64 {
	if in.kind == kindStock {
		return 100
	}
	return 1
}
