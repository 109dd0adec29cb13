# brainstem built from this repository (used by docker-compose.yml).
FROM maven:3.9-eclipse-temurin-21 AS build
WORKDIR /src
COPY . .
RUN ./mvnw -B -ntp -DskipTests -Des.test.skip=true package

# JDK 25 for every default JVM option (21 runs too, without compact object headers).
FROM eclipse-temurin:25-jre
WORKDIR /app
COPY --from=build /src/target/brainstem-*-exec.jar /app/brainstem.jar
COPY config/application.yml /app/config/application.yml
COPY config/jvm.options /app/config/jvm.options
# In a container the sensors see the container's own /proc and cgroup limits unless the host's are mounted.
ENV SERVER_ADDRESS=0.0.0.0
EXPOSE 8080
VOLUME /app/data
ENTRYPOINT ["java", "@/app/config/jvm.options", "-jar", "/app/brainstem.jar"]
