# The command side. Build from the repository root after `mvn -DskipTests install`:
#   docker build -f deploy/docker/command-side.Dockerfile -t canvass/command-side:0.1.0 .
FROM eclipse-temurin:17-jre
RUN groupadd --system --gid 10001 canvass && useradd --system --uid 10001 --gid canvass canvass
WORKDIR /app
COPY command-side/target/command-side-*-exec.jar /app/command-side.jar
USER 10001:10001
EXPOSE 8080
# the heap follows the container's memory limit; the prod profile refuses the demo users
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError" \
    SPRING_PROFILES_ACTIVE=prod
ENTRYPOINT ["java", "-jar", "/app/command-side.jar"]
