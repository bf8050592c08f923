# Shadow Pipeline: the `shadow` command in a container. Untested here (no Docker engine on the build machines);
# kept plain and standard. Build:  docker build -t shadow-pipeline .
# Run the proxy:  docker run -p 8080:8080 shadow-pipeline proxy --primary http://m1:8001 --shadow http://m2:8002 \
#                   --admin-host 0.0.0.0
# Any other command works the same way:  docker run -v "$PWD:/data" shadow-pipeline drift --reference ... 

# --- build: the wrapper pins Maven; the JDK image compiles for Java 17 ------------------------------------------
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY .mvn/ .mvn/
COPY mvnw pom.xml ./
COPY drift/ drift/
COPY parquet/ parquet/
COPY shadow-traffic/ shadow-traffic/
COPY semantic/ semantic/
COPY store/ store/
COPY report/ report/
COPY alert/ alert/
COPY app/ app/
COPY fleet/ fleet/
COPY demo/ demo/
COPY cli/ cli/
COPY spark/ spark/
RUN chmod +x mvnw && ./mvnw -B -q -pl cli -am package -DskipTests

# --- run: JRE only, a non-root user, the shaded jar -------------------------------------------------------------
FROM eclipse-temurin:17-jre
# curl for the health check only
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --home-dir /app --shell /usr/sbin/nologin shadow \
 && mkdir -p /data \
 && chown shadow /data
WORKDIR /data
COPY --from=build /src/cli/target/shadow.jar /app/shadow.jar
USER 10001
VOLUME /data
# 8080: the proxy callers use; 9090: its admin API (/health, /metrics)
EXPOSE 8080 9090
# the proxy's admin /health; containers running other commands (demo-model, schedule) override or disable it
HEALTHCHECK --interval=30s --timeout=3s --start-period=20s --retries=3 \
  CMD curl -fsS http://127.0.0.1:9090/health || exit 1
# heap follows the container's memory limit
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/shadow.jar"]
CMD ["--help"]
