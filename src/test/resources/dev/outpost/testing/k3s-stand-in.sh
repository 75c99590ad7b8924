#!/bin/sh
# K3s stand-in: a test double of the k3s binary, made for one test by dev.outpost.testing.StandInK3s. It is a
# POSIX shell script, not K3s, and it runs no containers.
#
# "k3s server", which systemd runs, does what an installer can observe of a K3s server:
#   1. reads the configuration as K3s does: K3S_* variables, then /etc/rancher/k3s/config.yaml (or --config), then
#      the command line, where a later scalar value wins and list values add up;
#   2. writes the kubeconfig /etc/rancher/k3s/k3s.yaml in K3s's format, with mode write-kubeconfig-mode or 0600;
#   3. relays port 6443 on every address of the gateway to a mock Kubernetes API server on the test host (socat),
#      and notifies systemd that it is ready;
#   4. registers its node and the system pods in kube-system with that server (curl).
# It then runs until it is stopped. The behaviour chosen by the test (READY, NEVER_READY, IMAGE_MISSING,
# SLOW_START) decides whether the node becomes Ready and whether the pods run. Without an image archive in
# /var/lib/rancher/k3s/agent/images it behaves as IMAGE_MISSING, as an offline K3s does.
set -eu

K3S_VERSION='@K3S_VERSION@'
BEHAVIOUR='@BEHAVIOUR@'
START_DELAY_SECONDS='@START_DELAY_SECONDS@'
MOCK_API_HOST='@MOCK_API_HOST@'
MOCK_API_PORT='@MOCK_API_PORT@'

API_PORT=6443
LOCAL_API_URL="https://127.0.0.1:${API_PORT}"
CONFIG_DIR=/etc/rancher/k3s
DATA_DIR=/var/lib/rancher/k3s
TLS_DIR=${DATA_DIR}/server/tls
IMAGES_DIR=${DATA_DIR}/agent/images
RUN_DIR=/run/k3s
RELAY_PID_FILE=${RUN_DIR}/stand-in-relay.pid

# --- logs in K3s's logrus format, on standard error ---
log() {
    printf 'time="%s" level=%s msg="%s"\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$1" "$2" >&2
}

fatal() {
    log fatal "$1"
    exit 1
}

server_ca_pem() {
    cat <<'PEM'
@SERVER_CA_PEM@
PEM
}

client_cert_pem() {
    cat <<'PEM'
@CLIENT_CERT_PEM@
PEM
}

client_key_pem() {
    cat <<'PEM'
@CLIENT_KEY_PEM@
PEM
}

# --- configuration ---

# Prints "key<TAB>value" for each scalar and each list item of a flat YAML mapping such as K3s's config.yaml.
# Values may be plain, single- or double-quoted; lists may be block lists ("- item") or flow lists ("[a, b]").
config_entries() {
    awk '
        function trim(text) {
            sub(/^[ \t\r]+/, "", text)
            sub(/[ \t\r]+$/, "", text)
            return text
        }
        function scalar(text,    quote, end) {
            text = trim(text)
            quote = substr(text, 1, 1)
            if (quote == "\"" || quote == "'\''") {
                end = index(substr(text, 2), quote)
                if (end > 0) {
                    return substr(text, 2, end - 1)
                }
            }
            sub(/[ \t]+#.*$/, "", text)
            return trim(text)
        }
        function flow_list(key, text,    count, items, i) {
            text = trim(text)
            sub(/^\[/, "", text)
            sub(/\][ \t]*(#.*)?$/, "", text)
            count = split(text, items, ",")
            for (i = 1; i <= count; i++) {
                if (trim(items[i]) != "") {
                    print key "\t" scalar(items[i])
                }
            }
        }
        /^[ \t]*(#|$)/ || /^---/ { next }
        /^[A-Za-z0-9_.-]+[ \t]*:/ {
            key = $0
            sub(/[ \t]*:.*/, "", key)
            value = $0
            sub(/^[^:]*:/, "", value)
            value = trim(value)
            list_key = ""
            if (value == "" || value ~ /^#/) {
                list_key = key
            } else if (value ~ /^\[/) {
                flow_list(key, value)
            } else {
                print key "\t" scalar(value)
            }
            next
        }
        /^[ \t]*-([ \t]|$)/ {
            if (list_key != "") {
                item = $0
                sub(/^[ \t]*-[ \t]*/, "", item)
                print list_key "\t" scalar(item)
            }
            next
        }
        { printf "k3s stand-in: skipped line %d of %s: %s\n", NR, FILENAME, $0 > "/dev/stderr" }
    ' "$1"
}

# Prints "key<TAB>value" for the command-line flags. "--flag value" is read as a pair only for the flags below
# that take a value. Any other flag without "=" is read as a boolean.
argument_entries() {
    while [ $# -gt 0 ]; do
        case "$1" in
            --*=*)
                flag=${1%%=*}
                printf '%s\t%s\n' "${flag#--}" "${1#*=}"
                ;;
            -c|--config|--node-name|--node-label|--node-taint|--write-kubeconfig-mode|--disable|--tls-san| \
            --cluster-cidr|--service-cidr|--data-dir|-d|--node-ip|--token|-t)
                [ $# -ge 2 ] || fatal "flag needs an argument: $1"
                case "$1" in
                    -c) flag=config ;;
                    -d) flag=data-dir ;;
                    -t) flag=token ;;
                    *) flag=${1#--} ;;
                esac
                printf '%s\t%s\n' "$flag" "$2"
                shift
                ;;
            --*)
                printf '%s\ttrue\n' "${1#--}"
                ;;
            *)
                fatal "unexpected argument: $1"
                ;;
        esac
        shift
    done
}

# Prints the last value of a key, or nothing.
last_value() {
    awk -F '\t' -v key="$1" '$1 == key { value = $2; found = 1 } END { if (found) print value }' "$ENTRIES"
}

# Prints every value of a key, one a line, splitting comma-separated values when asked to.
all_values() {
    awk -F '\t' -v key="$1" -v split_commas="${2:-no}" '
        $1 == key {
            if (split_commas == "yes") {
                count = split($2, parts, ",")
                for (i = 1; i <= count; i++) if (parts[i] != "") print parts[i]
            } else {
                print $2
            }
        }' "$ENTRIES"
}

read_configuration() {
    ENTRIES=${RUN_DIR}/stand-in-entries
    ARGUMENTS=${RUN_DIR}/stand-in-arguments
    CONFIG_ENTRIES=${RUN_DIR}/stand-in-config-entries
    # The lowest precedence first: variables, then the file, then the command line.
    : > "$ENTRIES"
    [ -z "${K3S_NODE_NAME:-}" ] || printf 'node-name\t%s\n' "$K3S_NODE_NAME" >> "$ENTRIES"
    [ -z "${K3S_KUBECONFIG_MODE:-}" ] || printf 'write-kubeconfig-mode\t%s\n' "$K3S_KUBECONFIG_MODE" >> "$ENTRIES"
    argument_entries "$@" > "$ARGUMENTS"
    config_file=$(awk -F '\t' '$1 == "config" { value = $2 } END { print value }' "$ARGUMENTS")
    config_file=${config_file:-${K3S_CONFIG_FILE:-${CONFIG_DIR}/config.yaml}}
    : > "$CONFIG_ENTRIES"
    if [ -f "$config_file" ]; then
        log info "Reading configuration from $config_file"
        config_entries "$config_file" > "$CONFIG_ENTRIES"
    fi
    cat "$CONFIG_ENTRIES" "$ARGUMENTS" >> "$ENTRIES"

    NODE_NAME=$(last_value node-name)
    NODE_NAME=${NODE_NAME:-$(hostname)}
    KUBECONFIG_MODE=$(last_value write-kubeconfig-mode)
    KUBECONFIG_MODE=${KUBECONFIG_MODE:-0600}
    case "$KUBECONFIG_MODE" in
        [0-7][0-7][0-7]|[0-7][0-7][0-7][0-7]) ;;
        *) fatal "invalid write-kubeconfig-mode \"$KUBECONFIG_MODE\": not an octal file mode" ;;
    esac
    all_values node-label > "$RUN_DIR/stand-in-node-labels"
    all_values disable yes > "$RUN_DIR/stand-in-disabled"
    while IFS= read -r label; do
        case "$label" in
            ?*=*) ;;
            *) fatal "invalid node-label \"$label\": expected KEY=VALUE" ;;
        esac
    done < "$RUN_DIR/stand-in-node-labels"
}

is_disabled() {
    grep -qx "$1" "$RUN_DIR/stand-in-disabled"
}

# --- kubeconfig and TLS files ---

write_tls_files() {
    mkdir -p "$TLS_DIR"
    server_ca_pem > "$TLS_DIR/server-ca.crt"
    client_cert_pem > "$TLS_DIR/client-admin.crt"
    (umask 077 && client_key_pem > "$TLS_DIR/client-admin.key")
}

base64_of() {
    base64 -w 0 "$1"
}

write_kubeconfig() {
    mkdir -p "$CONFIG_DIR"
    temporary="${CONFIG_DIR}/.k3s.yaml.stand-in"
    (
        umask 077
        cat > "$temporary" <<YAML
apiVersion: v1
clusters:
- cluster:
    certificate-authority-data: $(base64_of "$TLS_DIR/server-ca.crt")
    server: ${LOCAL_API_URL}
  name: default
contexts:
- context:
    cluster: default
    user: default
  name: default
current-context: default
kind: Config
preferences: {}
users:
- name: default
  user:
    client-certificate-data: $(base64_of "$TLS_DIR/client-admin.crt")
    client-key-data: $(base64_of "$TLS_DIR/client-admin.key")
YAML
    )
    chmod "$KUBECONFIG_MODE" "$temporary"
    mv -f "$temporary" "$CONFIG_DIR/k3s.yaml"
    log info "Wrote kubeconfig $CONFIG_DIR/k3s.yaml"
}

# --- the API relay ---

start_relay() {
    socat "TCP-LISTEN:${API_PORT},reuseaddr,fork" "TCP:${MOCK_API_HOST}:${MOCK_API_PORT}" &
    RELAY_PID=$!
    echo "$RELAY_PID" > "$RELAY_PID_FILE"
    tries=0
    until ss -Hltn "sport = :${API_PORT}" | grep -q .; do
        kill -0 "$RELAY_PID" 2>/dev/null || fatal "socat could not listen on port ${API_PORT}"
        tries=$((tries + 1))
        [ "$tries" -lt 100 ] || fatal "socat did not listen on port ${API_PORT} within 10 s"
        sleep 0.1
    done
    log info "Relaying port ${API_PORT} to the mock API server at ${MOCK_API_HOST}:${MOCK_API_PORT}"
}

stop_relay() {
    if [ -n "${RELAY_PID:-}" ]; then
        # The children of socat carry the open connections.
        pkill -TERM -P "$RELAY_PID" 2>/dev/null || true
        kill -TERM "$RELAY_PID" 2>/dev/null || true
    fi
    rm -f "$RELAY_PID_FILE"
}

# The unit is Type=notify, as K3s's is. systemd-notify (systemd 252) sends the message in the name of its parent,
# which is this script, the unit's main process, and waits until systemd has read it.
notify_ready() {
    if [ -n "${NOTIFY_SOCKET:-}" ]; then
        systemd-notify --ready || log warning "systemd-notify could not report readiness"
    fi
}

# --- requests to the API, through the relay ---

# Sends a JSON body with METHOD to PATH and prints the HTTP status.
api_send() {
    printf '%s' "$3" | curl -sS --max-time 10 --retry 5 --retry-connrefused --retry-delay 1 \
        --cacert "$TLS_DIR/server-ca.crt" --cert "$TLS_DIR/client-admin.crt" --key "$TLS_DIR/client-admin.key" \
        -X "$1" -H 'Content-Type: application/json' --data-binary @- \
        -o "$RUN_DIR/stand-in-response.json" -w '%{http_code}' "${LOCAL_API_URL}$2"
}

# Creates an object; when it exists, replaces it with PUT on REPLACE_PATH (the object, or its status).
# Like the kubelet, it keeps trying while the API cannot be reached (status 000), for up to two minutes.
create_or_replace() {
    attempts=0
    status=$(api_send POST "$1" "$3") || status=000
    while [ "$status" = 000 ] && [ "$attempts" -lt 120 ]; do
        sleep 1
        attempts=$((attempts + 1))
        status=$(api_send POST "$1" "$3") || status=000
    done
    if [ "$status" = 409 ] && [ -n "$2" ]; then
        status=$(api_send PUT "$2" "$3") || status=000
    fi
    case "$status" in
        200|201|202|409) ;;
        *) log error "The API answered $status to $1: $(cat "$RUN_DIR/stand-in-response.json" 2>/dev/null)" ;;
    esac
}

json_string() {
    printf '"%s"' "$(printf '%s' "$1" | sed -e 's/\\/\\\\/g' -e 's/"/\\"/g')"
}

now() {
    date -u +%Y-%m-%dT%H:%M:%SZ
}

machine_architecture() {
    case "$(uname -m)" in
        x86_64|amd64) echo amd64 ;;
        aarch64|arm64) echo arm64 ;;
        arm*) echo arm ;;
        *) uname -m ;;
    esac
}

internal_ip() {
    ip -4 -o addr show scope global | awk '{ split($4, address, "/"); print address[1]; exit }'
}

# Prints the node-args annotation value: the server command with the configuration-file and command-line flags,
# as a JSON array in a JSON string.
node_args_json() {
    args='["server"'
    while IFS="$(printf '\t')" read -r key value; do
        if [ "$value" = true ]; then
            args="$args,\"--$key\""
        else
            args="$args,\"--$key\",$(json_string "$value")"
        fi
    done < "$CONFIG_ENTRIES"
    args="$args]"
    json_string "$args"
}

node_labels_json() {
    architecture=$(machine_architecture)
    printf '"beta.kubernetes.io/arch":"%s","beta.kubernetes.io/instance-type":"k3s","beta.kubernetes.io/os":"linux",' \
        "$architecture"
    printf '"kubernetes.io/arch":"%s","kubernetes.io/hostname":%s,"kubernetes.io/os":"linux",' \
        "$architecture" "$(json_string "$NODE_NAME")"
    printf '"node-role.kubernetes.io/control-plane":"true","node-role.kubernetes.io/master":"true",'
    printf '"node.kubernetes.io/instance-type":"k3s"'
    while IFS= read -r label; do
        printf ',%s:%s' "$(json_string "${label%%=*}")" "$(json_string "${label#*=}")"
    done < "$RUN_DIR/stand-in-node-labels"
}

ready_condition_json() {
    timestamp=$(now)
    if [ "$BEHAVIOUR" = NEVER_READY ]; then
        printf '{"type":"Ready","status":"False","reason":"KubeletNotReady","message":"container runtime network'
        printf ' not ready: NetworkReady=false reason:NetworkPluginNotReady message:Network plugin returns error:'
        printf ' cni plugin not initialized","lastHeartbeatTime":"%s","lastTransitionTime":"%s"}' \
            "$timestamp" "$timestamp"
    else
        printf '{"type":"Ready","status":"True","reason":"KubeletReady","message":"kubelet is posting ready status",'
        printf '"lastHeartbeatTime":"%s","lastTransitionTime":"%s"}' "$timestamp" "$timestamp"
    fi
}

node_json() {
    address=$(internal_ip)
    memory_kib=$(awk '/^MemTotal:/ { print $2 }' /proc/meminfo)
    . /etc/os-release
    taints=""
    if [ "$BEHAVIOUR" = NEVER_READY ]; then
        taints=',"taints":[{"key":"node.kubernetes.io/not-ready","effect":"NoSchedule"}]'
    fi
    printf '{"apiVersion":"v1","kind":"Node","metadata":{"name":%s,"labels":{%s},' \
        "$(json_string "$NODE_NAME")" "$(node_labels_json)"
    printf '"annotations":{"k3s.io/hostname":%s,"k3s.io/internal-ip":"%s","k3s.io/node-args":%s}},' \
        "$(json_string "$(hostname)")" "$address" "$(node_args_json)"
    printf '"spec":{"podCIDR":"10.42.0.0/24","podCIDRs":["10.42.0.0/24"],"providerID":"k3s://%s"%s},' \
        "$NODE_NAME" "$taints"
    printf '"status":{"conditions":[%s],' "$(ready_condition_json)"
    printf '"addresses":[{"type":"InternalIP","address":"%s"},{"type":"Hostname","address":%s}],' \
        "$address" "$(json_string "$(hostname)")"
    printf '"capacity":{"cpu":"%s","memory":"%sKi","pods":"110"},' "$(nproc)" "$memory_kib"
    printf '"allocatable":{"cpu":"%s","memory":"%sKi","pods":"110"},' "$(nproc)" "$memory_kib"
    printf '"nodeInfo":{"architecture":"%s","operatingSystem":"linux","osImage":%s,"kernelVersion":"%s",' \
        "$(machine_architecture)" "$(json_string "$PRETTY_NAME")" "$(uname -r)"
    printf '"kubeletVersion":"%s","kubeProxyVersion":"%s","containerRuntimeVersion":"containerd://stand-in",' \
        "$K3S_VERSION" "$K3S_VERSION"
    printf '"machineID":"%s"}}}' "$(cat /etc/machine-id)"
}

# --- system pods ---

# Prints "NAME<TAB>APP-LABEL-KEY<TAB>APP-LABEL-VALUE<TAB>CONTAINER<TAB>IMAGE" for each system pod K3s would run.
# NOTE: only the CoreDNS image tag (1.10.1) is taken from K3s v1.29.1+k3s1; the other tags are placeholders.
system_pods() {
    suffix=$(printf '%s' "$NODE_NAME" | sha256sum | cut -c 1-5)
    is_disabled coredns || printf 'coredns-6799fbcd5-%s\tk8s-app\tkube-dns\tcoredns\t%s\n' \
        "$suffix" docker.io/rancher/mirrored-coredns-coredns:1.10.1
    is_disabled local-storage || printf 'local-path-provisioner-84db5d44d9-%s\tapp\tlocal-path-provisioner\t%s\t%s\n' \
        "$suffix" local-path-provisioner docker.io/rancher/local-path-provisioner:v0.0.0-stand-in
    is_disabled metrics-server || printf 'metrics-server-67c658944b-%s\tk8s-app\tmetrics-server\t%s\t%s\n' \
        "$suffix" metrics-server docker.io/rancher/mirrored-metrics-server:v0.0.0-stand-in
    return 0
}

pod_status_json() {
    timestamp=$(now)
    case "$1" in
        running)
            printf '{"phase":"Running","hostIP":"%s","podIP":"10.42.0.%s","startTime":"%s",' \
                "$(internal_ip)" "$2" "$timestamp"
            printf '"conditions":[{"type":"Ready","status":"True"},{"type":"PodScheduled","status":"True"}],'
            printf '"containerStatuses":[{"name":"%s","image":"%s","ready":true,"started":true,"restartCount":0,' \
                "$3" "$4"
            printf '"state":{"running":{"startedAt":"%s"}}}]}' "$timestamp"
            ;;
        image-missing)
            printf '{"phase":"Pending","hostIP":"%s","podIP":"10.42.0.%s","startTime":"%s",' \
                "$(internal_ip)" "$2" "$timestamp"
            printf '"conditions":[{"type":"Ready","status":"False","reason":"ContainersNotReady"},'
            printf '{"type":"PodScheduled","status":"True"}],'
            printf '"containerStatuses":[{"name":"%s","image":"%s","ready":false,"started":false,' "$3" "$4"
            printf '"restartCount":0,"state":{"waiting":{"reason":"ErrImagePull","message":%s}}}]}' \
                "$(json_string "$(pull_error "$4")")"
            ;;
        unschedulable)
            printf '{"phase":"Pending","conditions":[{"type":"PodScheduled","status":"False",'
            printf '"reason":"Unschedulable","message":"0/1 nodes are available: 1 node(s) had untolerated taint'
            printf ' {node.kubernetes.io/not-ready: }."}]}'
            ;;
    esac
}

# The error containerd reports for an image that is in no imported archive and cannot be fetched.
pull_error() {
    printf 'rpc error: code = NotFound desc = failed to pull and unpack image "%s": failed to resolve reference' "$1"
    printf ' "%s": %s: not found' "$1" "$1"
}

event_json() {
    timestamp=$(now)
    printf '{"apiVersion":"v1","kind":"Event","metadata":{"name":"%s.%s","namespace":"kube-system"},' "$1" "$2"
    printf '"involvedObject":{"apiVersion":"v1","kind":"Pod","namespace":"kube-system","name":"%s",' "$1"
    printf '"fieldPath":"spec.containers{%s}"},"type":"Warning","reason":"Failed","message":%s,' "$3" \
        "$(json_string "$4")"
    printf '"source":{"component":"kubelet","host":%s},"count":1,"firstTimestamp":"%s","lastTimestamp":"%s"}' \
        "$(json_string "$NODE_NAME")" "$timestamp" "$timestamp"
}

images_imported() {
    for archive in "$IMAGES_DIR"/*.tar "$IMAGES_DIR"/*.tar.*; do
        [ -f "$archive" ] && return 0
    done
    return 1
}

register() {
    for namespace in kube-system kube-public kube-node-lease default; do
        create_or_replace /api/v1/namespaces "" \
            "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"$namespace\"}}"
    done
    node=$(node_json)
    create_or_replace /api/v1/nodes "/api/v1/nodes/$NODE_NAME" "$node"
    create_or_replace /api/v1/nodes "/api/v1/nodes/$NODE_NAME/status" "$node"
    log info "Registered node $NODE_NAME"

    pod_state=running
    if [ "$BEHAVIOUR" = NEVER_READY ]; then
        pod_state=unschedulable
    elif [ "$BEHAVIOUR" = IMAGE_MISSING ]; then
        pod_state=image-missing
    fi
    number=2
    system_pods > "$RUN_DIR/stand-in-pods"
    while IFS="$(printf '\t')" read -r name label_key label_value container image; do
        pod=$(printf '{"apiVersion":"v1","kind":"Pod","metadata":{"name":"%s","namespace":"kube-system",' "$name")
        pod="$pod$(printf '"labels":{"%s":"%s"}},"spec":{"nodeName":%s,' "$label_key" "$label_value" \
            "$(json_string "$NODE_NAME")")"
        pod="$pod$(printf '"containers":[{"name":"%s","image":"%s"}]},' "$container" "$image")"
        pod="$pod\"status\":$(pod_status_json "$pod_state" "$number" "$container" "$image")}"
        create_or_replace /api/v1/namespaces/kube-system/pods \
            "/api/v1/namespaces/kube-system/pods/$name/status" "$pod"
        if [ "$pod_state" = image-missing ]; then
            create_or_replace /api/v1/namespaces/kube-system/events "" \
                "$(event_json "$name" pull "$container" "Failed to pull image \"$image\": $(pull_error "$image")")"
            create_or_replace /api/v1/namespaces/kube-system/events "" \
                "$(event_json "$name" error "$container" "Error: ErrImagePull")"
        fi
        number=$((number + 1))
    done < "$RUN_DIR/stand-in-pods"
    log info "Registered the system pods in kube-system ($pod_state)"
}

# --- commands ---

run_server() {
    mkdir -p "$RUN_DIR"
    read_configuration "$@"
    log info "Starting k3s $K3S_VERSION (test stand-in, behaviour $BEHAVIOUR)"
    if [ "$BEHAVIOUR" != NEVER_READY ] && ! images_imported; then
        log warning "No image archive in $IMAGES_DIR, and this site is offline, so images cannot be pulled"
        BEHAVIOUR=IMAGE_MISSING
    fi
    if [ "$BEHAVIOUR" = SLOW_START ]; then
        log info "Waiting $START_DELAY_SECONDS s before the API server is up"
        sleep "$START_DELAY_SECONDS"
    fi
    trap 'stop_relay; exit 0' TERM INT
    write_tls_files
    write_kubeconfig
    start_relay
    notify_ready
    register
    wait "$RELAY_PID" || true
    stop_relay
    fatal "The API relay (socat) exited"
}

unsupported() {
    echo "$1 is not part of the K3s test stand-in; inspect the cluster through the test's mock API server." >&2
    exit 1
}

case "$(basename "$0")" in
    kubectl|crictl|ctr) unsupported "$(basename "$0")" ;;
esac

case "${1:-}" in
    --version|-v|version)
        printf 'k3s version %s (stand-in)\n' "$K3S_VERSION"
        ;;
    server)
        shift
        run_server "$@"
        ;;
    kubectl|crictl|ctr|agent|etcd-snapshot|certificate|secrets-encrypt|token|check-config|completion)
        unsupported "k3s $1"
        ;;
    *)
        echo "Usage: k3s server [flags] | k3s --version (K3s test stand-in)" >&2
        exit 1
        ;;
esac
