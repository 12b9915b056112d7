# Sourced by the scripts that copy jars from Maven Central with `mvn` (kafka.sh, connect-java.sh,
# debezium.sh): one way to fetch, cache and mark a dependency set. Nothing is downloaded any other way.
#
#   maven_fetch NAME POM DEST MARKER KEY PROBE [mvn -D args...]
#     NAME    what is fetched, for log lines and errors ("Kafka 4.3.1")
#     POM     the pom whose runtime dependencies are copied
#     DEST    the folder that ends up holding exactly those jars
#     MARKER  a file holding KEY once DEST is complete; a different KEY (a new version or an
#             edited pom) fetches again
#     PROBE   a file that must exist in DEST for the cache to count as complete
# Set QUIET=1 to say nothing when the cache is already complete. Needs log() and die() defined.
maven_fetch() {
  local name="$1" pom="$2" dest="$3" marker="$4" key="$5" probe="$6"
  shift 6
  local shown="${dest#"${ROOT:-}"/}"
  if [ -f "$marker" ] && [ "$(cat "$marker")" = "$key" ] && [ -f "$dest/$probe" ]; then
    [ "${QUIET:-}" = 1 ] || log "$name already in $shown ($(find "$dest" -name '*.jar' | wc -l) jars)"
    return 0
  fi
  command -v mvn >/dev/null || die "mvn (Apache Maven) is needed to fetch $name"
  log "fetching $name with mvn into $shown ..."
  mkdir -p "$(dirname "$dest")" "$(dirname "$marker")"
  local tmp="$dest.tmp.$$" mvnlog="$(dirname "$marker")/mvn.log"
  rm -rf "$tmp"
  mkdir -p "$tmp"
  if ! mvn -B -q --no-transfer-progress -Dstyle.color=never -f "$pom" dependency:copy-dependencies \
      -DincludeScope=runtime -DoutputDirectory="$tmp" "$@" >"$mvnlog" 2>&1; then
    sed 's/\x1b\[[0-9;]*m//g' "$mvnlog" | grep -v '^$' >&2 || true
    rm -rf "$tmp"
    die "mvn could not resolve $name and its dependencies (see above)"
  fi
  # Two fetches at once (a test and a benchmark) each fill their own tmp folder; the last rename
  # wins and both leave a complete folder behind.
  rm -rf "$dest"
  mv -T "$tmp" "$dest" 2>/dev/null || rm -rf "$tmp"
  printf '%s\n' "$key" >"$marker"
  log "fetched $name ($(find "$dest" -name '*.jar' | wc -l) jars, $(du -sh "$dest" | cut -f1))"
}
