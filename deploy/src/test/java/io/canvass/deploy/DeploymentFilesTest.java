package io.canvass.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.ConnectionString;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.PropertySourcesPlaceholdersResolver;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The production files, checked as far as a machine without a container engine allows: they parse,
 * and the compose file, the Kubernetes manifests, the Dockerfiles and the Prometheus and Grafana
 * configuration agree on ports, images, probes and environment; MongoDB requires authentication and
 * the query side's login holds only readWrite on its database (docs/operations.md#mongodb-role).
 */
class DeploymentFilesTest {

    static final Map<String, Integer> PORTS = Map.of("command-side", 8080, "query-side", 8081);

    @SuppressWarnings("unchecked")
    static Map<String, Object> yaml(String path) throws IOException {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(100);
        return (Map<String, Object>) new Yaml(options).load(Files.readString(Path.of(path)));
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> yamlDocuments(String path) throws IOException {
        List<Map<String, Object>> documents = new ArrayList<>();
        new Yaml().loadAll(Files.readString(Path.of(path))).forEach(d -> documents.add((Map<String, Object>) d));
        return documents;
    }

    @SuppressWarnings("unchecked")
    static <T> T at(Object node, String... path) {
        Object current = node;
        for (String key : path) {
            current = current instanceof Map<?, ?> map ? map.get(key)
                    : current instanceof List<?> list ? list.get(Integer.parseInt(key)) : null;
        }
        return (T) current;
    }

    static Map<String, Object> compose() throws IOException {
        return at(yaml("compose.yaml"), "services");
    }

    static Map<String, Object> k8s(String kind, String name) throws IOException {
        return yamlDocuments("k8s/canvass.yaml").stream()
                .filter(d -> kind.equals(d.get("kind")) && name.equals(at(d, "metadata", "name")))
                .findFirst().orElseThrow(() -> new AssertionError("no " + kind + " " + name + " in k8s/canvass.yaml"));
    }

    @Test
    void compose_has_the_whole_production_like_stack() throws IOException {
        assertThat(compose()).containsKeys("postgres", "mongo1", "mongo2", "mongo3", "mongo-init", "command-side",
                "command-side-2", "query-side-1", "query-side-2", "prometheus", "grafana");
        // the second command side is the first on another host port (docs/command-consistency.md)
        Map<String, Object> second = new LinkedHashMap<>(at(compose(), "command-side-2"));
        Map<String, Object> first = new LinkedHashMap<>(at(compose(), "command-side"));
        assertThat(second.remove("ports")).isEqualTo(List.of("8090:8080"));
        first.remove("ports");
        assertThat(second).isEqualTo(first);
        assertThat(String.join(" ", DeploymentFilesTest.<List<String>>cast(at(compose(), "postgres", "command"))))
                .contains("synchronous_commit=on");
        String mongoUri = at(compose(), "query-side-1", "environment", "SPRING_DATA_MONGODB_URI");
        assertThat(mongoUri).contains("mongo1:27017", "mongo2:27017", "mongo3:27017", "replicaSet=rs0", "w=majority");
        assertThat((Object) at(compose(), "query-side-2", "environment")).isEqualTo(at(compose(), "query-side-1", "environment"));
    }

    @SuppressWarnings("unchecked")
    static <T> T cast(Object value) {
        return (T) value;
    }

    @Test
    void apps_agree_on_ports_images_and_probes_everywhere() throws IOException {
        for (Map.Entry<String, Integer> app : PORTS.entrySet()) {
            String name = app.getKey();
            int port = app.getValue();
            String composeName = name.equals("query-side") ? "query-side-1" : name;
            Map<String, Object> service = at(compose(), composeName);
            String image = (String) service.get("image");
            assertThat(image).isEqualTo("canvass/" + name + ":0.1.0");
            assertThat(at(service, "environment", "SERVER_PORT").toString()).isEqualTo(Integer.toString(port));
            assertThat(DeploymentFilesTest.<List<String>>cast(service.get("ports")).get(0)).endsWith(":" + port);
            assertThat(at(service, "build", "dockerfile").toString()).isEqualTo("deploy/docker/" + name + ".Dockerfile");

            String dockerfile = Files.readString(Path.of("docker", name + ".Dockerfile"));
            assertThat(dockerfile).contains("EXPOSE " + port, name + "/target/" + name + "-*-exec.jar", "SPRING_PROFILES_ACTIVE=prod");

            Map<String, Object> deployment = k8s("Deployment", name);
            Map<String, Object> container = at(deployment, "spec", "template", "spec", "containers", "0");
            assertThat(container.get("image")).isEqualTo(image);
            assertThat(((Number) at(container, "ports", "0", "containerPort")).intValue()).isEqualTo(port);
            for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
                assertThat(((Number) at(container, probe, "httpGet", "port")).intValue()).as(name + " " + probe).isEqualTo(port);
            }
            assertThat(at(container, "livenessProbe", "httpGet", "path").toString()).isEqualTo("/actuator/health/liveness");
            assertThat(at(container, "readinessProbe", "httpGet", "path").toString()).isEqualTo("/actuator/health/readiness");
            assertThat((Object) at(container, "resources", "requests", "cpu")).isNotNull();
            assertThat((Object) at(container, "resources", "requests", "memory")).isNotNull();
            assertThat((Object) at(container, "resources", "limits", "memory")).isNotNull();
            assertThat(at(deployment, "spec", "template", "metadata", "annotations", "prometheus.io/port").toString())
                    .isEqualTo(Integer.toString(port));
            assertThat(((Number) at(k8s("Service", name), "spec", "ports", "0", "targetPort")).intValue()).isEqualTo(port);

            // the same settings by the same names, and the same secrets by the same keys
            Map<String, String> composeEnv = new LinkedHashMap<>();
            DeploymentFilesTest.<Map<String, Object>>cast(service.get("environment")).forEach((k, v) -> composeEnv.put(k, v.toString()));
            Map<String, String> k8sEnv = new LinkedHashMap<>();
            for (Map<String, Object> variable : DeploymentFilesTest.<List<Map<String, Object>>>cast(container.get("env"))) {
                k8sEnv.put((String) variable.get("name"), String.valueOf(variable.get("value")));
            }
            assertThat(k8sEnv.keySet()).isEqualTo(composeEnv.keySet());
            assertThat(k8sEnv.get("SPRING_DATASOURCE_USERNAME")).isEqualTo(composeEnv.get("SPRING_DATASOURCE_USERNAME"));
            assertThat(k8sEnv.get("SPRING_PROFILES_ACTIVE")).isEqualTo("prod");
        }
        assertThat(((Number) at(k8s("Deployment", "query-side"), "spec", "replicas")).intValue()).isEqualTo(2);
        assertThat(((Number) at(k8s("Deployment", "command-side"), "spec", "replicas")).intValue()).isEqualTo(2);
        assertThat(((Number) at(k8s("StatefulSet", "mongo"), "spec", "replicas")).intValue()).isEqualTo(3);
    }

    @Test
    void secrets_are_referenced_never_committed() throws IOException {
        for (String file : List.of("compose.yaml", "k8s/canvass.yaml")) {
            String text = Files.readString(Path.of(file));
            // no key named *password carries a literal value; passwords come from secrets and .env files
            assertThat(text).doesNotContainPattern("(?im)^\\s*-?\\s*[A-Za-z_]*password\\s*:\\s*[^\\s{]")
                    .doesNotContain("{bcrypt}$");
        }
        Set<String> k8sSecretKeys = new TreeSet<>();
        yamlDocuments("k8s/secrets.example.yaml").forEach(secret ->
                k8sSecretKeys.addAll(DeploymentFilesTest.<Map<String, Object>>cast(secret.get("stringData")).keySet()));
        assertThat(k8sSecretKeys).contains("POSTGRES_PASSWORD", "CANVASS_QUERY_PASSWORD", "SPRING_DATASOURCE_PASSWORD",
                "CANVASS_SECURITY_USERS_0_NAME", "CANVASS_SECURITY_USERS_0_PASSWORD", "CANVASS_SECURITY_USERS_0_ROLE");
        String secretsReadme = Files.readString(Path.of("secrets", "README.md"));
        k8sSecretKeys.forEach(key -> assertThat(secretsReadme).as("compose's .env files use the same keys").contains(key));
        assertThat(Files.readString(Path.of("secrets", ".gitignore"))).contains("*");
    }

    static final List<String> MONGO_MEMBERS = List.of("mongo1", "mongo2", "mongo3");

    @Test
    void mongodb_requires_authentication_on_every_member() throws IOException {
        Map<String, Object> k8sMongo = at(k8s("StatefulSet", "mongo"), "spec", "template", "spec");
        Map<String, Object> k8sContainer = at(k8sMongo, "containers", "0");
        for (String member : MONGO_MEMBERS) {
            Map<String, Object> service = at(compose(), member);
            // --keyFile implies --auth: members prove themselves with the key, every client must log in
            List<String> mongod = cast(service.get("command"));
            assertThat(mongod).as(member).containsSequence("--keyFile", "/etc/mongo-keyfile").contains("--replSet")
                    .doesNotContain("--noauth", "--transitionToAuth");
            assertThat(String.join(" ", DeploymentFilesTest.<List<String>>cast(service.get("entrypoint"))))
                    .contains("install -m 0400 -o mongodb -g mongodb /run/secrets/mongo/mongo-keyfile /etc/mongo-keyfile",
                            "exec docker-entrypoint.sh");
            assertThat(DeploymentFilesTest.<List<String>>cast(service.get("volumes")))
                    .contains("./secrets/mongo-keyfile:/run/secrets/mongo/mongo-keyfile:ro");
            assertThat(DeploymentFilesTest.<List<String>>cast(service.get("env_file"))).containsExactly("./secrets/mongo.env");
            // the same server on Kubernetes ("$$" is compose's escape of "$")
            assertThat(k8sContainer.get("args")).isEqualTo(mongod);
            assertThat(DeploymentFilesTest.<List<String>>cast(k8sContainer.get("command"))).isEqualTo(
                    DeploymentFilesTest.<List<String>>cast(service.get("entrypoint")).stream().map(a -> a.replace("$$", "$")).toList());
        }
        assertThat(at(k8sMongo, "volumes", "0", "secret", "secretName").toString()).isEqualTo("canvass-mongo-keyfile");
        assertThat(at(k8sContainer, "volumeMounts", "1", "mountPath").toString()).isEqualTo("/run/secrets/mongo");
        assertThat(at(k8sContainer, "envFrom", "0", "secretRef", "name").toString()).isEqualTo("canvass-mongo");
    }

    @Test
    void the_query_side_logs_in_with_only_read_write_on_its_one_database_and_writes_to_a_majority() throws IOException {
        String script = Files.readString(Path.of("mongo", "init-replica-set.js"));
        assertThat(at(k8s("ConfigMap", "canvass-mongo-init"), "data", "init-replica-set.js").toString())
                .as("the k8s Job runs the same script").isEqualTo(script);
        // every role the script grants: readWrite on the database it is given, and nothing else
        Matcher granted = Pattern.compile("\\{\\s*role:\\s*'([^']*)',\\s*db:\\s*([^}\\s]+)\\s*}").matcher(script);
        List<String> roles = new ArrayList<>();
        while (granted.find()) {
            roles.add(granted.group(1) + "@" + granted.group(2));
        }
        assertThat(roles).containsExactly("readWrite@env.MONGO_QUERY_DATABASE");
        assertThat(script).doesNotContain("grantRolesToUser", "grantPrivilegesToRole", "createRole")
                .contains("createUser({user: env.MONGO_QUERY_USER, pwd: env.MONGO_QUERY_PASSWORD, roles: roles}",
                        "updateUser(env.MONGO_QUERY_USER, {pwd: env.MONGO_QUERY_PASSWORD, roles: roles}",
                        "connect('mongodb://' + primary + '/admin?");

        Map<String, Object> composeInit = at(compose(), "mongo-init");
        Map<String, String> k8sInit = new LinkedHashMap<>();
        Map<String, Object> job = at(k8s("Job", "mongo-init"), "spec", "template", "spec", "containers", "0");
        for (Map<String, Object> variable : DeploymentFilesTest.<List<Map<String, Object>>>cast(job.get("env"))) {
            k8sInit.put((String) variable.get("name"), String.valueOf(variable.get("value")));
        }
        String composeUri = at(compose(), "query-side-1", "environment", "SPRING_DATA_MONGODB_URI");
        String k8sUri = null;
        Map<String, Object> query = at(k8s("Deployment", "query-side"), "spec", "template", "spec", "containers", "0");
        for (Map<String, Object> variable : DeploymentFilesTest.<List<Map<String, Object>>>cast(query.get("env"))) {
            if ("SPRING_DATA_MONGODB_URI".equals(variable.get("name"))) {
                k8sUri = (String) variable.get("value");
            }
        }
        for (var where : List.of(Map.entry(composeUri.replace("$$", "$"), DeploymentFilesTest.<Map<String, Object>>cast(
                composeInit.get("environment"))), Map.entry(k8sUri, DeploymentFilesTest.<Map<String, Object>>cast(k8sInit)))) {
            ConnectionString uri = asTheQuerySideReadsIt(where.getKey());
            Map<String, Object> init = where.getValue();
            assertThat(uri.getUsername()).isEqualTo(init.get("MONGO_QUERY_USER")).isEqualTo("canvass_query");
            assertThat(new String(uri.getPassword())).as("the password comes from the query side's secret").isEqualTo("from-the-secret");
            assertThat(uri.getDatabase()).isEqualTo(init.get("MONGO_QUERY_DATABASE")).isEqualTo("canvass");
            // the script creates the user in admin (connect .../admin), so that is where it authenticates
            assertThat(uri.getCredential().getSource()).isEqualTo("admin");
            assertThat(uri.getRequiredReplicaSetName()).isEqualTo("rs0");
            assertThat(uri.getWriteConcern()).isNotNull();
            assertThat(uri.getWriteConcern().getWString()).isEqualTo("majority");
            assertThat(uri.getHosts()).hasSize(3);
            assertThat(uri.getHosts()).containsExactlyElementsOf(List.of(init.get("MONGO_MEMBERS").toString().split(",")));
        }
        assertThat(DeploymentFilesTest.<List<String>>cast(composeInit.get("env_file")))
                .containsExactly("./secrets/mongo.env", "./secrets/query-side.env");
        assertThat(at(job, "env", "4", "valueFrom", "secretKeyRef", "name").toString()).isEqualTo("canvass-query-side");
        assertThat(at(job, "env", "4", "valueFrom", "secretKeyRef", "key").toString()).isEqualTo("MONGO_QUERY_PASSWORD");
    }

    /**
     * The URI as Spring Boot binds {@code spring.data.mongodb.uri} from the environment variable, the
     * password placeholder resolved from the secret's variable, then parsed by the driver.
     */
    static ConnectionString asTheQuerySideReadsIt(String uri) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new SystemEnvironmentPropertySource("secrets-and-settings",
                Map.of("SPRING_DATA_MONGODB_URI", uri, "MONGO_QUERY_PASSWORD", "from-the-secret")));
        Binder binder = new Binder(ConfigurationPropertySources.get(environment),
                new PropertySourcesPlaceholdersResolver(environment));
        return new ConnectionString(binder.bind("spring.data.mongodb.uri", String.class).get());
    }

    @Test
    void prometheus_scrapes_both_apps_where_they_listen() throws IOException {
        Map<String, Object> prometheus = yaml("prometheus/prometheus.yml");
        List<Map<String, Object>> jobs = at(prometheus, "scrape_configs");
        Set<String> targets = new TreeSet<>();
        for (Map<String, Object> job : jobs) {
            assertThat(job.get("metrics_path")).isEqualTo("/actuator/prometheus");
            assertThat(at(job, "basic_auth", "username").toString()).as("metrics need a user").isEqualTo("prometheus");
            assertThat(at(job, "basic_auth", "password_file").toString()).startsWith("/etc/prometheus/secrets/");
            targets.addAll(at(job, "static_configs", "0", "targets"));
        }
        assertThat(targets).containsExactlyInAnyOrder("command-side:8080", "command-side-2:8080", "query-side-1:8081",
                "query-side-2:8081");
        assertThat(yaml("prometheus/alerts.yml")).containsKey("groups");
    }

    @Test
    void grafana_is_provisioned_with_the_canvass_dashboard() throws IOException {
        assertThat(at(yaml("grafana/provisioning/datasources/prometheus.yaml"), "datasources", "0", "url").toString())
                .isEqualTo("http://prometheus:9090");
        assertThat(at(yaml("grafana/provisioning/dashboards/canvass.yaml"), "providers", "0", "options", "path").toString())
                .isEqualTo("/var/lib/grafana/dashboards");
        JsonNode dashboard = new ObjectMapper().readTree(Path.of("grafana/dashboards/canvass.json").toFile());
        List<String> titles = new ArrayList<>();
        dashboard.get("panels").forEach(panel -> titles.add(panel.get("title").asText()));
        assertThat(String.join("|", titles)).contains("Commands per second by type and outcome", "Projection lag",
                "quota attainment", "Net profit");
    }

    // --- metric names, checked against running apps by EndToEndTest

    static final Set<String> PROMQL_WORDS = Set.of("sum", "max", "min", "avg", "count", "rate", "increase", "irate",
            "by", "without", "histogram_quantile", "le", "and", "or", "unless", "on", "ignoring", "group_left",
            "group_right", "offset", "bool", "abs", "clamp_min", "clamp_max", "topk", "bottomk", "delta", "deriv");
    static final Set<String> PROMETHEUS_OWN = Set.of("up");

    /** Every metric name the dashboard and the alert rules query. */
    static Set<String> referencedMetrics() throws IOException {
        List<String> expressions = new ArrayList<>();
        new ObjectMapper().readTree(Path.of("grafana/dashboards/canvass.json").toFile()).get("panels")
                .forEach(panel -> panel.get("targets").forEach(target -> expressions.add(target.get("expr").asText())));
        List<Map<String, Object>> groups = at(yaml("prometheus/alerts.yml"), "groups");
        for (Map<String, Object> group : groups) {
            for (Map<String, Object> rule : DeploymentFilesTest.<List<Map<String, Object>>>cast(group.get("rules"))) {
                expressions.add(rule.get("expr").toString());
            }
        }
        Set<String> names = new TreeSet<>();
        Pattern identifier = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*([({\\[]?)");
        for (String expression : expressions) {
            String withoutLabels = expression.replaceAll("\\{[^}]*}", "{}").replaceAll("\\[[^]]*]", "[]")
                    .replaceAll("\"[^\"]*\"", "")
                    .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", "");
            Matcher matcher = identifier.matcher(withoutLabels);
            while (matcher.find()) {
                String name = matcher.group(1);
                boolean call = "(".equals(matcher.group(2));
                if (!call && !PROMQL_WORDS.contains(name) && !PROMETHEUS_OWN.contains(name) && !name.matches("\\d.*")) {
                    names.add(name);
                }
            }
        }
        return names;
    }

    @Test
    void the_dashboard_and_alerts_query_canvass_and_axon_metrics() throws IOException {
        assertThat(referencedMetrics()).contains("canvass_commands_seconds_count", "canvass_commands_seconds_bucket",
                "canvass_projection_lag_events", "canvass_projection_lag_seconds", "canvass_quota_attainment",
                "canvass_channel_net_profit_yuan", "eventProcessor_latency", "canvass_readmodel_document_largest_bytes")
                .doesNotContain("sum", "by", "le", "instance", "type", "outcome", "channel");
    }
}
