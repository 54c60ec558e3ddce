# Loads and begins the benchmark suite on ecflow_server (port = argv[1]) and prints the task's ECF_PASS and
# ECF_TRYNO. The job command is `true`, so the task stays submitted until the benchmark's --init.
import sys
import ecflow

port = int(sys.argv[1])
defs = ecflow.Defs()
suite = defs.add_suite('s')
suite.add_variable('ECF_JOB_CMD', 'true')
suite.add_task('t').add_event('e')
client = ecflow.Client('localhost', port)
client.restart_server()  # a new server starts HALTED
client.load(defs)
client.begin_suite('s')
client.run('/s/t', True)  # submit now rather than at the server's next check
client.sync_local()
task = client.get_defs().find_abs_node('/s/t')
print(task.find_gen_variable('ECF_PASS').value(), task.find_gen_variable('ECF_TRYNO').value())
