package tradestationtest

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/tradestation-go/tradestation/v3"
	"github.com/tradestation-go/tradestation/value"
)

// ControlPath is where the control endpoint lives on the server's origin,
// a path TradeStation does not use. It lets programs in any language do
// what a Go test does with the Server's methods; see the package doc.
const ControlPath = "/tradestationtest/"

// faultRequest is the body of POST /tradestationtest/faults: one fault,
// named as the Server method that sets it, with that method's arguments.
type faultRequest struct {
	Fault string `json:"fault"`

	Pattern string `json:"pattern"` // FailRequests, FailResponses, DropResponses
	Status  int    `json:"status"`  // FailRequests, FailResponses
	Times   int    `json:"times"`   // those and the order message faults; 0: until cleared

	Latency string `json:"latency"` // SetLatency, as "250ms"

	Limit  int    `json:"limit"`  // LimitRate
	Window string `json:"window"` // LimitRate, as "1m"

	Stream  string `json:"stream"`  // BreakStreams: GoAway, Stall or Drop
	After   int    `json:"after"`   // BreakStreams
	Streams int    `json:"streams"` // BreakStreams; 0: until cleared

	OrderID     string         `json:"orderID"`     // DropOrderMessages, DuplicateOrderMessages
	OrderStatus v3.OrderStatus `json:"orderStatus"` // those
	Fraction    float64        `json:"fraction"`    // those
	Seed        int64          `json:"seed"`        // those
	Snapshots   bool           `json:"snapshots"`   // those
}

// control serves the control endpoint under ControlPath. Faults, latency
// and the rate limit never apply to it, and it needs no token.
func (s *Server) control() http.Handler {
	mux := http.NewServeMux()
	p := strings.TrimSuffix(ControlPath, "/")
	mux.HandleFunc("GET "+p+"/clock", func(w http.ResponseWriter, r *http.Request) {
		writeControl(w, map[string]any{"now": s.Now(), "realTime": s.realTime})
	})
	mux.HandleFunc("POST "+p+"/clock", func(w http.ResponseWriter, r *http.Request) {
		var body struct{ Advance string }
		if !readControl(w, r, &body) {
			return
		}
		d, err := time.ParseDuration(body.Advance)
		if err != nil || d <= 0 {
			controlError(w, http.StatusBadRequest, fmt.Sprintf("advance %q is not a positive duration such as \"90m\"", body.Advance))
			return
		}
		s.Advance(d)
		writeControl(w, map[string]any{"now": s.Now(), "realTime": s.realTime})
	})
	mux.HandleFunc("GET "+p+"/prices/{symbol}", func(w http.ResponseWriter, r *http.Request) {
		price, err := s.Price(r.PathValue("symbol"))
		if err != nil {
			controlError(w, http.StatusNotFound, err.Error())
			return
		}
		writeControl(w, map[string]any{"symbol": strings.ToUpper(r.PathValue("symbol")), "price": price})
	})
	mux.HandleFunc("PUT "+p+"/prices/{symbol}", func(w http.ResponseWriter, r *http.Request) {
		var body struct{ Price value.Decimal }
		if !readControl(w, r, &body) {
			return
		}
		if err := s.SetPrice(r.PathValue("symbol"), body.Price); err != nil {
			controlError(w, http.StatusBadRequest, err.Error())
			return
		}
		price, _ := s.Price(r.PathValue("symbol"))
		writeControl(w, map[string]any{"symbol": strings.ToUpper(r.PathValue("symbol")), "price": price})
	})
	mux.HandleFunc("POST "+p+"/faults", func(w http.ResponseWriter, r *http.Request) {
		var body faultRequest
		if !readControl(w, r, &body) {
			return
		}
		if err := s.applyFault(body); err != nil {
			controlError(w, http.StatusBadRequest, err.Error())
			return
		}
		w.WriteHeader(http.StatusNoContent)
	})
	mux.HandleFunc("DELETE "+p+"/faults", func(w http.ResponseWriter, r *http.Request) {
		s.ClearFaults()
		w.WriteHeader(http.StatusNoContent)
	})
	mux.HandleFunc("POST "+p+"/refresh-tokens", func(w http.ResponseWriter, r *http.Request) {
		writeControl(w, map[string]any{"refreshToken": s.RefreshToken()})
	})
	mux.HandleFunc("POST "+p+"/state", func(w http.ResponseWriter, r *http.Request) {
		if err := s.SaveState(); err != nil {
			controlError(w, http.StatusConflict, err.Error())
			return
		}
		w.WriteHeader(http.StatusNoContent)
	})
	mux.HandleFunc(ControlPath, func(w http.ResponseWriter, r *http.Request) {
		controlError(w, http.StatusNotFound, "no control endpoint "+r.Method+" "+r.URL.Path+"; see the documentation of package tradestationtest")
	})
	return mux
}

// applyFault sets the fault a control request describes.
func (s *Server) applyFault(f faultRequest) error {
	switch strings.ToLower(f.Fault) {
	case "failrequests":
		return s.FailRequests(f.Pattern, f.Status, f.Times)
	case "failresponses":
		return s.FailResponses(f.Pattern, f.Status, f.Times)
	case "dropresponses":
		return s.DropResponses(f.Pattern, f.Times)
	case "setlatency", "latency":
		d, err := time.ParseDuration(f.Latency)
		if err != nil || d < 0 {
			return fmt.Errorf("latency %q is not a duration such as \"250ms\"", f.Latency)
		}
		s.SetLatency(d)
		return nil
	case "limitrate", "ratelimit":
		d, err := time.ParseDuration(f.Window)
		if f.Limit > 0 && err != nil {
			return fmt.Errorf("window %q is not a duration such as \"1m\"", f.Window)
		}
		return s.LimitRate(f.Limit, d)
	case "breakstreams":
		kind, err := streamFaultNamed(f.Stream)
		if err != nil {
			return err
		}
		return s.BreakStreams(kind, f.After, f.Streams)
	case "dropordermessages", "duplicateordermessages":
		m := OrderMessages{OrderID: f.OrderID, Status: f.OrderStatus, Fraction: f.Fraction, Seed: f.Seed, Snapshots: f.Snapshots}
		if strings.EqualFold(f.Fault, "DropOrderMessages") {
			return s.DropOrderMessages(m, f.Times)
		}
		return s.DuplicateOrderMessages(m, f.Times)
	case "expireaccesstokens":
		s.ExpireAccessTokens()
		return nil
	case "revokerefreshtokens":
		s.RevokeRefreshTokens()
		return nil
	case "":
		return errors.New("the body names no fault: give \"fault\", such as \"FailRequests\"")
	}
	return fmt.Errorf("unknown fault %q; see the documentation of package tradestationtest", f.Fault)
}

func streamFaultNamed(name string) (StreamFault, error) {
	for _, f := range []StreamFault{GoAway, Stall, Drop} {
		if strings.EqualFold(name, f.String()) {
			return f, nil
		}
	}
	return 0, fmt.Errorf("stream %q is not GoAway, Stall or Drop", name)
}

// readControl decodes a control request's JSON body, answering 400 when
// it does not decode.
func readControl(w http.ResponseWriter, r *http.Request, v any) bool {
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxBodyBytes))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		controlError(w, http.StatusBadRequest, "the body is not the JSON this endpoint takes: "+err.Error())
		return false
	}
	return true
}

func writeControl(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(v)
}

func controlError(w http.ResponseWriter, status int, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]string{"error": msg})
}
