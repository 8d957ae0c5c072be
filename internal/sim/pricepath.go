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
		x += a * sqrtPeriods[k]
	}
	return x * vol * octaveGain
}

// sqrtPeriods[k] is the square root of octave k's period, in seconds, and
// invPeriods[k] its inverse: dividing by a power of two and multiplying by
// its inverse give the same float64.
var sqrtPeriods, invPeriods = func() (sq, inv [octaves]float64) {
	for k := range sq {
		sq[k] = math.Sqrt(float64(int64(1) << k))
		inv[k] = 1 / float64(int64(1)<<k)
	}
	return sq, inv
}()

// pathSweep evaluates one path at increasing ticks. It computes what
// pathLog computes, operation for operation (so the very same float64),
// but keeps each octave's two lattice values while the ticks stay between
// them, and works on four ticks at once so that their sums over the
// octaves run side by side: walking a whole session costs a couple of
// hashes a tick instead of fifty-four.
type pathSweep struct {
	seed   uint64
	vol    float64
	known  [octaves]bool  // whether index, n0 and n1 hold values
	index  [octaves]int64 // the lattice point below the last tick, per octave
	n0, n1 [octaves]float64
}

func newPathSweep(seed uint64, vol float64) *pathSweep { return &pathSweep{seed: seed, vol: vol} }

// lattice makes n0[k] and n1[k] the noise at lattice points i and i+1 of
// octave k.
func (w *pathSweep) lattice(k int, i int64) {
	switch {
	case w.known[k] && w.index[k] == i:
		return
	case w.known[k] && w.index[k]+1 == i:
		w.n0[k] = w.n1[k]
	default:
		w.n0[k] = noise(w.seed, k, i)
	}
	w.n1[k] = noise(w.seed, k, i+1)
	w.index[k], w.known[k] = i, true
}

// term is octave k's share of the path at second t, as pathLog adds it.
func (w *pathSweep) term(k int, t int64) float64 {
	i := t >> k // floorDiv(t, 1<<k): the shift rounds down
	w.lattice(k, i)
	frac := float64(t-i<<k) * invPeriods[k]
	a := w.n0[k]
	if frac != 0 {
		a += (w.n1[k] - a) * frac
	}
	return a * sqrtPeriods[k]
}

// at is pathLog(seed, vol, sec).
func (w *pathSweep) at(sec int64) float64 {
	var x float64
	for k := range octaves {
		x += w.term(k, sec)
	}
	return x * w.vol * octaveGain
}

// at4 is pathLog(seed, vol, sec+j) for j = 0 to 3. sec must be a
// multiple of 4: from the third octave on, the four ticks then share
// their lattice points.
func (w *pathSweep) at4(sec int64) (x0, x1, x2, x3 float64) {
	for k := range 2 {
		x0, x1, x2, x3 = x0+w.term(k, sec), x1+w.term(k, sec+1), x2+w.term(k, sec+2), x3+w.term(k, sec+3)
	}
	for k := 2; k < octaves; k++ {
		i := sec >> k
		w.lattice(k, i)
		n0, d, inv, sq := w.n0[k], w.n1[k]-w.n0[k], invPeriods[k], sqrtPeriods[k]
		off := sec - i<<k // the ticks' distances from the lattice point: off to off+3
		a0, a1, a2, a3 := n0, n0, n0, n0
		if off != 0 {
			a0 += d * (float64(off) * inv)
		}
		a1 += d * (float64(off+1) * inv)
		a2 += d * (float64(off+2) * inv)
		a3 += d * (float64(off+3) * inv)
		x0, x1, x2, x3 = x0+a0*sq, x1+a1*sq, x2+a2*sq, x3+a3*sq
	}
	return x0 * w.vol * octaveGain, x1 * w.vol * octaveGain, x2 * w.vol * octaveGain, x3 * w.vol * octaveGain
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

// pathSeed picks in's path: its own seed, mixed with the market's.
func (m *market) pathSeed(in *instrument) uint64 {
	if m.seed == 0 {
		return in.seed
	}
	return splitmix(in.seed ^ m.seed)
}

// rawPrice is the unrounded price of a path instrument at tick t.
func (m *market) rawPrice(in *instrument, t time.Time) float64 {
	return m.priceFromLog(in, pathLog(m.pathSeed(in), in.vol, secondsFromReference(t)))
}

// priceFromLog turns a log offset of in's path into a price: the path
// passes through the anchor at the reference instant.
func (m *market) priceFromLog(in *instrument, x float64) float64 {
	return in.anchor * math.Exp(x-m.logAtReference(in))
}

// logAtReference is the log offset of in's path at the reference instant.
func (m *market) logAtReference(in *instrument) float64 {
	seed := m.pathSeed(in)
	ref, ok := m.refLogs[seed]
	if !ok {
		ref = pathLog(seed, in.vol, 0)
		m.refLogs[seed] = ref
	}
	return ref
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
	return in.minuteVolume(floorDiv(secondsFromReference(t), 60), sessionTicks)
}

// minuteVolume is the volume of each tick of a minute (counted from the
// reference instant).
func (in *instrument) minuteVolume(minute, sessionTicks int64) int64 {
	per := float64(in.avgVolume) / float64(sessionTicks)
	lot := in.lot()
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
