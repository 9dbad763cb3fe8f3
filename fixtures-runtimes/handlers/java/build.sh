#!/usr/bin/env bash
# Installs the Java runtime interface client from Maven Central and compiles the conformance handler.
#   target/ric/lib/*.jar   com.amazonaws:aws-lambda-java-runtime-interface-client and its dependencies
#   target/task/           the compiled handler (the function's task root)
# JAVA_RIC_VERSION picks the client version (default 2.10.1). Needs a JDK 17+ (javac) and network access
# to Maven Central on the first run; later runs reuse target/ and the local Maven repository.
set -euo pipefail
here="$(cd -P "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../../.." && pwd)"
version="${JAVA_RIC_VERSION:-2.10.1}"
lib="$here/target/ric/lib"
stamp="$here/target/ric/version"

command -v javac >/dev/null 2>&1 || { echo "handlers/java: 'javac' not found; install a JDK 17+" >&2; exit 1; }

if [ "$(cat "$stamp" 2>/dev/null)" != "$version" ] || ! ls "$lib"/aws-lambda-java-runtime-interface-client-*.jar >/dev/null 2>&1; then
  rm -rf "$here/target/ric"
  mkdir -p "$lib"
  # a throw-away project whose only job is to resolve the client's runtime classpath
  cat >"$here/target/ric/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>dev.lambdatck.certify</groupId>
  <artifactId>java-ric-classpath</artifactId>
  <version>0</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency>
      <groupId>com.amazonaws</groupId>
      <artifactId>aws-lambda-java-runtime-interface-client</artifactId>
      <version>$version</version>
    </dependency>
  </dependencies>
</project>
POM
  dep_plugin="$(sed -n 's:.*<dependency-plugin.version>\(.*\)</dependency-plugin.version>.*:\1:p' "$repo/pom.xml")"
  if ! log=$("$repo/mvnw" -B -q -f "$here/target/ric/pom.xml" \
        "org.apache.maven.plugins:maven-dependency-plugin:${dep_plugin:-3.8.1}:copy-dependencies" \
        -DincludeScope=runtime -DoutputDirectory="$lib" 2>&1); then
    printf '%s\n' "$log" >&2
    echo "handlers/java: could not resolve com.amazonaws:aws-lambda-java-runtime-interface-client:$version" >&2
    exit 1
  fi
  echo "$version" >"$stamp"
fi

rm -rf "$here/target/task.tmp"
mkdir -p "$here/target/task.tmp"
javac --release 17 -nowarn -encoding UTF-8 -cp "$lib/*" -d "$here/target/task.tmp" "$here"/src/dev/lambdatck/handler/*.java
rm -rf "$here/target/task"
mv "$here/target/task.tmp" "$here/target/task"
echo "handlers/java: aws-lambda-java-runtime-interface-client $version in target/ric/lib, handler in target/task"
