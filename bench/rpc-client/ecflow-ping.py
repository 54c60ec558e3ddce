# Sequential ping round trips of ecFlow's own Python client against ecflow_server.
# Usage: /usr/bin/python3 ecflow-ping.py PORT CALLS [terminate]
#   prints one JSON line {"rate": calls/s, "p50Us": median round trip in µs} (after waiting for the server and
#   a short warm-up); with "terminate", stops the server afterwards (ecflow_server's own way to stop).
import json, sys, time
import ecflow

port, calls = int(sys.argv[1]), int(sys.argv[2])
client = ecflow.Client('localhost', port)
deadline = time.monotonic() + 15
while True:  # the server needs a moment to start listening
    try:
        client.ping()
        break
    except RuntimeError:
        if time.monotonic() > deadline:
            raise
        time.sleep(0.05)
for _ in range(min(calls, 300)):
    client.ping()
times = []
clock = time.perf_counter
start = clock()
for _ in range(calls):
    before = clock()
    client.ping()
    times.append(clock() - before)
elapsed = clock() - start
times.sort()
p50 = times[len(times) // 2] * 1e6 if times else 0
print(json.dumps({"rate": calls / elapsed if calls else 0, "p50Us": p50}))
if sys.argv[3:] == ['terminate']:
    client.terminate_server()
