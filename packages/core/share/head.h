#!/bin/bash
# head.h for Isobar suites (ecFlow tutorial style): include it first in every task script with %include <head.h>.
# Exports the job's credentials, tells the server the job started (--init) and turns any failure or signal
# into --abort. Requires bash; isobar-child (or ecflow_client with ISOBAR_ECFLOW_COMPAT=1) on the PATH.
set -e # stop the script on the first failing command
set -u # an unset variable is an error
set -x # echo each command to the job output

export ECF_NAME=%ECF_NAME%   # the task path
export ECF_PASS=%ECF_PASS%   # the job password
export ECF_TRYNO=%ECF_TRYNO% # the current try number of the task
export ECF_RID=$$            # the remote id: this process
export ISOBAR_URL=%ISOBAR_URL:%
export ECF_HOST=%ECF_HOST:127.0.0.1%
export ECF_PORT=%ECF_PORT:3141%

# Tell the server the job has started.
isobar-child --init=$$

# Any error or signal aborts the task; `wait` lets the trap run while a child command is in flight.
ERROR() {
  local status=$?
  set +e
  wait
  isobar-child --abort="trap: exit status $status"
  trap 0
  exit 0
}
trap ERROR 0
trap '{ echo "Killed by a signal"; ERROR; }' 1 2 3 4 5 6 7 8 10 12 13 15
