# tail.h for Isobar suites: include it last in every task script with %include <tail.h>.
wait                    # for background jobs of the script
isobar-child --complete # tell the server the task is complete
trap 0                  # the ERROR trap of head.h must not run on this normal exit
exit 0
