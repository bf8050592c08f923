# Sourced by the proxy benchmarks: CPU clock ticks by thread group, from /proc (Linux only).

# "group user system" of one /proc stat file: fields counted after the ")" that ends the name, which may hold spaces
# ("C2 CompilerThread0")
ticks() { sed 's/.*) //' "$2" 2>/dev/null | awk -v g="$1" '{print g, $12, $13}' || true; }

# "group user system" clock ticks per thread group of a shadow proxy's JVM (pid): the record worker, the event loops
# (the callers' and the copies'), GC and the VM thread, the JIT's compiler threads, the rest
jvm_groups() {
  local t name g
  for t in /proc/"$1"/task/*; do
    name=$(cat "$t/comm" 2>/dev/null) || continue
    case "$name" in
      shadow-records) g=record_worker ;;
      vert.x-eventloo*) g=event_loops ;;
      "GC Thread"* | G1* | "VM Thread") g=gc_vm ;;
      C1* | C2*) g=jit ;;
      *) g=other ;;
    esac
    ticks "$g" "$t/stat"
  done | awk '{u[$1] += $2; s[$1] += $3} END {for (g in u) print g, u[g], s[g]}' | sort
}

# "nginx user system": the clock ticks of an nginx master's (pid) worker processes
nginx_ticks() {
  local c
  for c in $(pgrep -P "$1"); do ticks nginx "/proc/$c/stat"; done |
    awk '{u += $2; s += $3} END {print "nginx", u + 0, s + 0}'
}
