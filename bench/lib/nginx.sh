# Sourced by the proxy benchmarks: nginx as the models, as nginx `mirror`, and as a shadow that answers late.
# Needs WORK (a scratch folder) and NGINX (the nginx binary) set by the script that sources it.

PIDS=() # the processes a benchmark started (proxies, helpers): stop_all stops them

stop_all() { # the processes in PIDS, every nginx started by nginx_conf, then WORK; for "trap stop_all EXIT"
  for p in "${PIDS[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null || true; done
  for c in "$WORK"/*.conf; do [ -f "$c" ] && "$NGINX" -p "$WORK" -c "$c" -s quit 2>/dev/null || true; done
  # a proxy writes its summary and report as it stops: removing its folder before it is done fails the script
  for p in "${PIDS[@]:-}"; do [ -n "$p" ] && wait "$p" 2>/dev/null || true; done
  sleep 1
  rm -rf "$WORK"
}

ECHO_MODULE=/usr/lib/nginx/modules/ngx_http_echo_module.so
# what the two models answer: diverging JSON (`approved` and `score` differ; the benchmarks' proxies ignore `/model`)
PRIMARY_ANSWER='{"model":"v1","approved":false,"score":0.4831}'
SHADOW_ANSWER='{"model":"v2","approved":true,"score":0.7712}'

# the request the proxy benchmarks send: a small loan application, POSTed as JSON
BODY='{"age":40,"income":100000,"debt_ratio":0.55,"credit_score":680,"loan_amount":20000,"employment_years":5}'
request_files() { # -> $WORK/body.json (the body, for OpenLoop's --body) and $WORK/post.lua (wrk's script POSTing it)
  echo -n "$BODY" > "$WORK/body.json"
  printf 'wrk.method = "POST"\nwrk.body = %s\nwrk.headers["Content-Type"] = "application/json"\n' "'$BODY'" > "$WORK/post.lua"
}

nginx_conf() { # name, server blocks, [main-context lines] -> starts nginx with them (pid in $WORK/name.pid)
  mkdir -p "$WORK/logs-$1"
  cat > "$WORK/$1.conf" <<CONF
${3:-}
worker_processes 2;
pid $WORK/$1.pid;
error_log $WORK/logs-$1/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $WORK/tmp-$1;
  proxy_temp_path $WORK/tmp-$1;
  keepalive_requests 1000000;
  $2
}
CONF
  "$NGINX" -p "$WORK" -c "$WORK/$1.conf"
}

model_servers() { # primary port, shadow port -> two fast models, each a fixed JSON answer
  echo "
  server { listen 127.0.0.1:$1; location / { default_type application/json; return 200 '$PRIMARY_ANSWER'; } }
  server { listen 127.0.0.1:$2; location / { default_type application/json; return 200 '$SHADOW_ANSWER'; } }"
}

late_shadow_server() { # port, seconds -> the fast shadow's answer, the same bytes and framing, that many seconds
  # late: echo_sleep waits on nginx's timers (thousands can wait at once), echo_exec then hands the request to the
  # same return 200 (echo's own output would be chunked); needs "load_module $ECHO_MODULE;" in the main context
  echo "
  server { listen 127.0.0.1:$1; location / { echo_sleep $2; echo_exec @answer; }
    location @answer { default_type application/json; return 200 '$SHADOW_ANSWER'; } }"
}

mirror_server() { # port, primary port, shadow port -> nginx mirror: the caller gets the primary's answer
  echo "
  upstream primary_$1 { server 127.0.0.1:$2; keepalive 128; }
  upstream shadow_$1  { server 127.0.0.1:$3; keepalive 128; }
  server {
    listen 127.0.0.1:$1;
    location / {
      mirror /mirror; mirror_request_body on;
      proxy_pass http://primary_$1; proxy_http_version 1.1; proxy_set_header Connection \"\";
    }
    location = /mirror {
      internal;
      proxy_pass http://shadow_$1\$request_uri; proxy_http_version 1.1; proxy_set_header Connection \"\";
    }
  }"
}
