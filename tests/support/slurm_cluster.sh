# A one-node Slurm cluster in a temp directory, for tests and bench scripts (source this file).
#   slurm_cluster_start DIR   starts munged, slurmctld and slurmd (Debian's munge and slurm-wlm, run as
#                             root) on free loopback ports, all state under DIR; exports SLURM_CONF so
#                             sbatch/srun/squeue talk to it; waits until the node is idle (30 s at most)
#   slurm_cluster_stop        stops the three daemons and waits for them (and any job step left)
# One node with this machine's CPUs, proctrack/linuxproc and task/none (no cgroups needed), a partition
# that allows oversubscription: `sbatch -n 4 -O` runs four tasks on two cores.
slurm_cluster_dir=""

slurm_free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

slurm_cluster_start() {
  local dir="$1" host ctld_port d_port
  for cmd in munged slurmctld slurmd sbatch srun sinfo; do
    command -v "$cmd" >/dev/null || { echo "slurm_cluster: $cmd is missing: install munge and slurm-wlm (bash ci/setup.sh)" >&2; return 1; }
  done
  slurm_cluster_dir="$dir"
  # munged checks that no one else can write where its socket and key live.
  mkdir -p "$dir"
  chmod 0755 "$dir"
  mkdir -m 0755 -p "$dir/munge" "$dir/state" "$dir/spool" "$dir/log"
  head -c 1024 /dev/urandom > "$dir/munge/munge.key"
  chmod 0400 "$dir/munge/munge.key"
  munged --force --socket="$dir/munge/sock" --key-file="$dir/munge/munge.key" --pid-file="$dir/munge/munged.pid" \
    --log-file="$dir/log/munged.log" --seed-file="$dir/munge/seed" || { echo "slurm_cluster: munged did not start" >&2; return 1; }
  host=$(hostname -s)
  ctld_port=$(slurm_free_port)
  d_port=$(slurm_free_port)
  cat > "$dir/slurm.conf" <<CONF
ClusterName=ragbench
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=$ctld_port
SlurmdPort=$d_port
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$dir/munge/sock
CredType=cred/munge
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/log/slurmctld.log
SlurmdLogFile=$dir/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
MpiDefault=none
ReturnToService=2
SchedulerType=sched/backfill
JobCompType=jobcomp/none
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
InactiveLimit=0
KillWait=5
Waittime=0
NodeName=$host NodeAddr=127.0.0.1 CPUs=$(nproc) State=UNKNOWN
PartitionName=local Nodes=$host Default=YES MaxTime=INFINITE State=UP OverSubscribe=YES
CONF
  export SLURM_CONF="$dir/slurm.conf"
  slurmctld -f "$SLURM_CONF" || { echo "slurm_cluster: slurmctld did not start (log: $dir/log/slurmctld.log)" >&2; return 1; }
  slurmd -f "$SLURM_CONF" || { echo "slurm_cluster: slurmd did not start (log: $dir/log/slurmd.log)" >&2; return 1; }
  for _ in $(seq 1 300); do
    [[ "$(sinfo -h -o %T 2>/dev/null)" == idle ]] && return 0
    sleep 0.1
  done
  echo "slurm_cluster: the node did not become idle in 30 s; sinfo: $(sinfo 2>&1)" >&2
  tail -5 "$dir/log/slurmctld.log" "$dir/log/slurmd.log" >&2
  return 1
}

# Sends SIGTERM to the process in pid file $1 and waits (10 s at most) for it to go.
slurm_stop_pid_file() {
  local pid
  [[ -s "$1" ]] || return 0
  pid=$(cat "$1")
  kill -TERM "$pid" 2>/dev/null || return 0
  for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null || true
}

slurm_cluster_stop() {
  local dir="$slurm_cluster_dir"
  [[ -n "$dir" ]] || return 0
  slurm_cluster_dir=""
  scancel --full --quiet -u root 2>/dev/null || true
  slurm_stop_pid_file "$dir/slurmd.pid"
  pkill -TERM -f "slurmstepd.*" 2>/dev/null || true
  slurm_stop_pid_file "$dir/slurmctld.pid"
  munged --stop --socket="$dir/munge/sock" >/dev/null 2>&1 || slurm_stop_pid_file "$dir/munge/munged.pid"
  unset SLURM_CONF
}
