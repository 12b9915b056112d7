# Sourced by the scripts in scripts/ right after `set -euo pipefail`: messages that name the script,
# and its usage, which is its header comment (so the help cannot drift from the comment).
#
#   log MESSAGE...      to stderr, as "NAME.sh: MESSAGE"
#   die MESSAGE...      to stderr, as "NAME.sh: error: MESSAGE", and exit 1
#   usage               the script's header comment (line 2 up to the first line that is not a comment)
#   port_in_use PORT    true when something listens on 127.0.0.1:PORT

# BASH_SOURCE[1] is the script that sources this file.
SCRIPT_PATH="${BASH_SOURCE[1]}"
SCRIPT_NAME="$(basename "$SCRIPT_PATH")"

log() { printf '%s: %s\n' "$SCRIPT_NAME" "$*" >&2; }
die() { printf '%s: error: %s\n' "$SCRIPT_NAME" "$*" >&2; exit 1; }
usage() { awk 'NR == 1 { next } /^#/ { sub(/^# ?/, ""); print; next } { exit }' "$SCRIPT_PATH"; }
port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
