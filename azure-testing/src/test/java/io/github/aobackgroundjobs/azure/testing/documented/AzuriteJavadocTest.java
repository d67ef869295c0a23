package io.github.aobackgroundjobs.azure.testing.documented;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.util.BinaryData;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.queue.QueueClient;
import com.azure.storage.queue.QueueClientBuilder;
import com.azure.storage.queue.models.QueueStorageException;
import io.github.aobackgroundjobs.azure.testing.Azurite;
import io.github.aobackgroundjobs.azure.testing.AzuriteBuilder;
import io.github.aobackgroundjobs.azure.testing.AzuriteExtension;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Javadoc of {@link Azurite} and {@link AzuriteBuilder}, read as a new user would, on a real
 * npm Azurite: the JVM's shared one for what only reads, a dedicated one for stop, start and
 * close.
 */
class AzuriteJavadocTest {

    /** Where this project's npm Azurite is installed; the module's tests run one level below. */
    private static final Path LAUNCHERS =
            Path.of("..", "node_modules", ".bin").toAbsolutePath().normalize();

    // ---------------------------------------------------------------- constants and defaults

    @Test
    void constantsAndDefaultsAreAsDocumented() {
        assertThat(Azurite.ACCOUNT).isEqualTo("devstoreaccount1");
        assertThat(Azurite.ACCOUNT_KEY)
                .isEqualTo("Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==");
        assertThat(Azurite.MODE_PROPERTY).isEqualTo("backgroundjobs.azurite");
        assertThat(Azurite.IMAGE_PROPERTY).isEqualTo("backgroundjobs.azurite.image");
        assertThat(Azurite.EXECUTABLE_PROPERTY).isEqualTo("backgroundjobs.azurite.executable");
        assertThat(Azurite.DEFAULT_IMAGE).isEqualTo("mcr.microsoft.com/azure-storage/azurite");
        assertThat(AzuriteBuilder.DEFAULT_NPM_START_TIMEOUT).isEqualTo(Duration.ofSeconds(60));
        assertThat(AzuriteBuilder.DEFAULT_DOCKER_START_TIMEOUT).isEqualTo(Duration.ofMinutes(2));
        assertThat(AzuriteBuilder.DEFAULT_STOP_TIMEOUT).isEqualTo(Duration.ofSeconds(10));
    }

    // ---------------------------------------------------------------- the shared Azurite

    @Test
    void theSharedAzuriteRunsQueueAndBlobInTheSettingsModeForTheWholeJvm() {
        Azurite shared = Azurite.shared();
        assertThat(Azurite.shared()).isSameAs(shared);
        assertThat(shared.mode())
                .as("the mode the build's setting chose, never AUTO")
                .isEqualTo(Azurite.Mode.valueOf(
                        System.getProperty(Azurite.MODE_PROPERTY, "npm").toUpperCase(java.util.Locale.ROOT)))
                .isNotEqualTo(Azurite.Mode.AUTO);
        assertThat(shared.connectionString())
                .isEqualTo("DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey="
                        + Azurite.ACCOUNT_KEY + ";QueueEndpoint=" + shared.queueEndpoint()
                        + ";BlobEndpoint=" + shared.blobEndpoint() + ";");
        assertThat(shared.endpoint(Azurite.Service.QUEUE)).isEqualTo(shared.queueEndpoint());
        assertThat(shared.endpoint(Azurite.Service.BLOB)).isEqualTo(shared.blobEndpoint());
        for (Azurite.Service service : Azurite.Service.values()) {
            URI endpoint = shared.endpoint(service);
            assertThat(endpoint.getPath()).as("the development account's").isEqualTo("/" + Azurite.ACCOUNT);
            assertThat(shared.port(service)).isEqualTo(endpoint.getPort());
        }
        assertThat(shared.port(Azurite.Service.QUEUE)).isNotEqualTo(shared.port(Azurite.Service.BLOB));

        QueueClient queue = new QueueClientBuilder()
                .connectionString(shared.connectionString())
                .queueName(Azurite.randomQueueName("javadoc"))
                .buildClient();
        queue.create();
        queue.sendMessage("hello");
        assertThat(queue.receiveMessage().getBody().toString()).isEqualTo("hello");
        var blobs = new BlobServiceClientBuilder()
                .connectionString(shared.connectionString())
                .buildClient()
                .createBlobContainer(Azurite.randomQueueName("javadoc"));
        blobs.getBlobClient("a.txt").upload(BinaryData.fromString("zip"));
        assertThat(blobs.getBlobClient("a.txt").downloadContent().toString()).isEqualTo("zip");
    }

    @Test
    void theSharedAzuriteIgnoresCloseAndRefusesStop() {
        Azurite shared = Azurite.shared();
        shared.close();
        assertThat(Azurite.shared()).isSameAs(shared);
        assertThatCode(shared::connectionString).as("still running").doesNotThrowAnyException();
        assertThatThrownBy(shared::stop)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("shared");
        assertThatCode(shared::start)
                .as("start of a running Azurite changes nothing")
                .doesNotThrowAnyException();
        assertThat(answers(shared.queueEndpoint())).isTrue();
    }

    @Test
    void theSharedNpmAzuritesServicesAreLocalProcesses() {
        Azurite shared = Azurite.shared();
        Optional<ProcessHandle> queue = shared.process(Azurite.Service.QUEUE);
        Optional<ProcessHandle> blob = shared.process(Azurite.Service.BLOB);
        if (shared.mode() == Azurite.Mode.NPM) {
            assertThat(queue).hasValueSatisfying(p -> assertThat(p.isAlive()).isTrue());
            assertThat(blob).hasValueSatisfying(p -> assertThat(p.isAlive()).isTrue());
            assertThat(queue.orElseThrow().pid())
                    .isNotEqualTo(blob.orElseThrow().pid());
            assertThat(shared.queueEndpoint().getHost()).isEqualTo("127.0.0.1");
        } else {
            assertThat(queue).as("Docker mode has no local process").isEmpty();
        }
    }

    @Test
    void eachBuildOfABuilderStartsANewAzurite() {
        AzuriteBuilder builder = Azurite.builder().mode(Azurite.Mode.NPM).services(Azurite.Service.QUEUE);
        try (Azurite first = builder.build();
                Azurite second = builder.build()) {
            assertThat(second).isNotSameAs(first);
            assertThat(second.queueEndpoint()).isNotEqualTo(first.queueEndpoint());
            first.close();
            assertThat(answers(second.queueEndpoint()))
                    .as("closing one leaves the other running")
                    .isTrue();
        }
    }

    // ---------------------------------------------------------------- randomQueueName

    @Test
    void randomQueueNamesArePrefixDashTenLowercaseLettersOrDigitsAndDiffer() {
        Set<String> names = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            String name = Azurite.randomQueueName("orders");
            assertThat(name).matches("orders-[a-z0-9]{10}");
            names.add(name);
        }
        assertThat(names).hasSize(200);
        assertThatThrownBy(() -> Azurite.randomQueueName(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("'prefix'");
    }

    @Test
    void aPrefixThatCannotStartAJobQueueNameIsRefusedNamingIt() {
        String longest = "a".repeat(45);
        assertThat(Azurite.randomQueueName(longest)).hasSize(56);
        assertThat(Azurite.randomQueueName("tx-before")).startsWith("tx-before-");
        for (String bad : List.of("", "Orders", "-orders", "orders-", "a--b", "a_b", "a b", "a".repeat(46))) {
            assertThatThrownBy(() -> Azurite.randomQueueName(bad))
                    .as("'%s'", bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'prefix'");
        }
    }

    // ---------------------------------------------------------------- argument checks

    @Test
    void nullArgumentsAreRefusedNamingThem() {
        Azurite shared = Azurite.shared();
        assertThatThrownBy(() -> shared.endpoint(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("'service'");
        assertThatThrownBy(() -> shared.process(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("'service'");
        AzuriteBuilder builder = Azurite.builder();
        List<Supplier<?>> calls = List.of(
                () -> builder.mode(null),
                () -> builder.services((Azurite.Service[]) null),
                () -> builder.persistence(null),
                () -> builder.location(null),
                () -> builder.image(null),
                () -> builder.executable(null),
                () -> builder.options((String[]) null),
                () -> builder.startTimeout(null),
                () -> builder.stopTimeout(null),
                () -> new AzuriteExtension(null));
        List<String> names = List.of(
                "'mode'",
                "'services'",
                "'persistence'",
                "'location'",
                "'image'",
                "'executable'",
                "'options'",
                "'startTimeout'",
                "'stopTimeout'",
                "'builder'");
        for (int i = 0; i < calls.size(); i++) {
            Supplier<?> call = calls.get(i);
            assertThatThrownBy(call::get)
                    .as(names.get(i))
                    .isInstanceOf(NullPointerException.class)
                    .hasMessageContaining(names.get(i));
        }
        assertThatThrownBy(() -> Azurite.start(null, Azurite.Service.QUEUE))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("'persistence'");
    }

    @Test
    void servicesAndOptionsRefuseNoneOrANullOneNamingTheArgument() {
        AzuriteBuilder builder = Azurite.builder();
        assertThatThrownBy(builder::services)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'services'");
        assertThatThrownBy(() -> builder.services(Azurite.Service.QUEUE, null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("'services'");
        assertThatThrownBy(() -> builder.options("--loose", null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("'options'");
    }

    @Test
    void builderRefusalsNameTheArgument() {
        AzuriteBuilder builder = Azurite.builder();
        for (String blank : List.of("", " ")) {
            assertThatThrownBy(() -> builder.image(blank))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'image'");
        }
        for (Duration notPositive : List.of(Duration.ZERO, Duration.ofMillis(-1))) {
            assertThatThrownBy(() -> builder.startTimeout(notPositive))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'startTimeout'");
            assertThatThrownBy(() -> builder.stopTimeout(notPositive))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'stopTimeout'");
        }
        assertThatCode(() -> builder.startTimeout(Duration.ofNanos(1)).stopTimeout(Duration.ofNanos(1)))
                .doesNotThrowAnyException();
    }

    @Test
    void onDiskDataInDockerModeIsRefusedBeforeAnythingStarts() {
        assertThatThrownBy(() -> Azurite.builder()
                        .mode(Azurite.Mode.DOCKER)
                        .persistence(Azurite.Persistence.DISK)
                        .build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("mode(Azurite.Mode.NPM)");
    }

    // ---------------------------------------------------------------- settings

    @Test
    void aModeSettingThatIsNoModeFailsTheBuildNamingIt() {
        whileSet(
                Azurite.MODE_PROPERTY,
                "podman",
                () -> assertThatThrownBy(() -> Azurite.builder().build())
                        .isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("backgroundjobs.azurite=podman is not one of docker, npm, auto"));
    }

    @Test
    void anExecutableSettingThatHoldsNoAzuriteFailsSayingHowToInstallIt(@TempDir Path empty) {
        whileSet(
                Azurite.EXECUTABLE_PROPERTY,
                empty.toString(),
                () -> assertThatThrownBy(
                                () -> Azurite.builder().mode(Azurite.Mode.NPM).build())
                        .isInstanceOf(IllegalStateException.class)
                        .hasMessageStartingWith("backgroundjobs.azurite.executable=" + empty)
                        .hasMessageContaining("npm install azurite@"));
    }

    @Test
    void npmAzuriteThatDoesNotAnswerInTimeFailsTheBuildAndLeavesNoProcess() {
        Set<Long> before = azuriteChildren();
        assertThatThrownBy(() -> Azurite.builder()
                        .mode(Azurite.Mode.NPM)
                        .services(Azurite.Service.QUEUE)
                        .startTimeout(Duration.ofMillis(1))
                        .build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("did not answer")
                .hasMessageContaining("within PT0.001S");
        assertThat(azuriteChildren())
                .as("the process that did not answer in time was killed")
                .isEqualTo(before);
    }

    // ---------------------------------------------------------------- a dedicated Azurite: stop, start, close

    @Test
    void aDedicatedAzuriteStopsStartsOnTheSamePortAndClosesForGood(@TempDir Path location) throws Exception {
        Azurite azurite = withProperty(
                Azurite.MODE_PROPERTY,
                "podman",
                () -> withProperty(
                        Azurite.EXECUTABLE_PROPERTY,
                        location.toString(),
                        () -> Azurite.builder()
                                // Explicit choices win over the settings, which would fail the build here.
                                .mode(Azurite.Mode.NPM)
                                .executable(LAUNCHERS)
                                .services(Azurite.Service.QUEUE)
                                .location(location)
                                .options("--loose")
                                .options("--skipApiVersionCheck")
                                .build()));
        try {
            assertThat(azurite.mode()).isEqualTo(Azurite.Mode.NPM);
            URI endpoint = azurite.queueEndpoint();
            assertThat(endpoint.getHost()).isEqualTo("127.0.0.1");
            assertThat(azurite.connectionString())
                    .contains("QueueEndpoint=" + endpoint + ";")
                    .doesNotContain("BlobEndpoint");
            for (Runnable notRun : List.<Runnable>of(
                    azurite::blobEndpoint,
                    () -> azurite.endpoint(Azurite.Service.BLOB),
                    () -> azurite.port(Azurite.Service.BLOB),
                    () -> azurite.process(Azurite.Service.BLOB))) {
                assertThatThrownBy(notRun::run).isInstanceOf(IllegalArgumentException.class);
            }
            ProcessHandle first = azurite.process(Azurite.Service.QUEUE).orElseThrow();
            assertThat(first.info().arguments())
                    .as("the options go to each service's command line")
                    .hasValueSatisfying(args -> assertThat(Arrays.asList(args))
                            .as("each call adds to the options of the calls before")
                            .contains("--loose", "--skipApiVersionCheck"));
            QueueClient queue = new QueueClientBuilder()
                    .connectionString(azurite.connectionString())
                    .queueName("kept-in-memory")
                    .buildClient();
            queue.create();

            assertThat(azurite.stop())
                    .as("in memory the processes are killed at once: no timeout")
                    .isTrue();
            assertThat(first.isAlive()).isFalse();
            assertThat(azurite.process(Azurite.Service.QUEUE))
                    .as("while stopped")
                    .isEmpty();
            assertThat(answers(endpoint)).as("nothing answers while stopped").isFalse();
            assertThat(azurite.queueEndpoint()).as("the port is kept").isEqualTo(endpoint);

            azurite.start();
            assertThat(answers(endpoint))
                    .as("start returns once the service accepts connections")
                    .isTrue();
            assertThat(azurite.queueEndpoint()).isEqualTo(endpoint);
            ProcessHandle second = azurite.process(Azurite.Service.QUEUE).orElseThrow();
            assertThat(second.pid()).isNotEqualTo(first.pid());
            assertThatThrownBy(queue::getProperties)
                    .as("in memory, the data is lost when Azurite stops")
                    .isInstanceOfSatisfying(
                            QueueStorageException.class,
                            e -> assertThat(e.getStatusCode()).isEqualTo(404));
            azurite.start();
            assertThat(azurite.process(Azurite.Service.QUEUE))
                    .as("start leaves a running service alone")
                    .hasValue(second);

            azurite.stop();
            try (ServerSocket taken = new ServerSocket(endpoint.getPort(), 50, InetAddress.getByName("127.0.0.1"))) {
                assertThatThrownBy(azurite::start)
                        .as("a port another process took while Azurite was stopped")
                        .isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining(Integer.toString(endpoint.getPort()));
            }
            azurite.start();
            ProcessHandle third = azurite.process(Azurite.Service.QUEUE).orElseThrow();
            assertThat(queue.createIfNotExists())
                    .as("Azurite itself answers on its port again")
                    .isTrue();
            azurite.close();
            awaitExit(third);
            assertThat(answers(endpoint)).as("closed for good").isFalse();
        } finally {
            azurite.close();
        }
        assertThatCode(azurite::close).as("close is idempotent").doesNotThrowAnyException();
        for (Runnable closed : List.<Runnable>of(
                azurite::connectionString,
                azurite::queueEndpoint,
                () -> azurite.endpoint(Azurite.Service.QUEUE),
                () -> azurite.port(Azurite.Service.QUEUE),
                azurite::stop,
                azurite::start)) {
            assertThatThrownBy(closed::run)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("closed");
        }
        assertThat(azurite.process(Azurite.Service.QUEUE)).as("once closed").isEmpty();
        assertThat(location.resolve("queue.log"))
                .as("a location given is kept after close, with the logs")
                .exists();
    }

    @Test
    void startOnDiskRunsTheNpmAzuriteWithItsDataInATemporaryDirectoryDeletedOnClose() throws Exception {
        Azurite azurite = Azurite.start(Azurite.Persistence.DISK, Azurite.Service.QUEUE);
        Path data;
        try {
            assertThat(azurite.mode()).as("DISK implies npm mode").isEqualTo(Azurite.Mode.NPM);
            assertThatThrownBy(azurite::blobEndpoint).isInstanceOf(IllegalArgumentException.class);
            ProcessHandle process = azurite.process(Azurite.Service.QUEUE).orElseThrow();
            List<String> arguments = Arrays.asList(process.info().arguments().orElseThrow());
            data = Path.of(arguments.get(arguments.indexOf("--location") + 1));
            assertThat(data).exists();
            QueueClient queue = new QueueClientBuilder()
                    .connectionString(azurite.connectionString())
                    .queueName("kept-on-disk")
                    .buildClient();
            queue.create();
            queue.sendMessage("kept");
            assertThat(data).as("the data is on disk").isNotEmptyDirectory();
        } finally {
            azurite.close();
        }
        assertThat(data.getParent())
                .as("the temporary directory is deleted on close")
                .doesNotExist();
    }

    private static boolean answers(URI endpoint) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(endpoint.getHost(), endpoint.getPort()), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static Set<Long> azuriteChildren() {
        Set<Long> pids = new HashSet<>();
        ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).forEach(p -> pids.add(p.pid()));
        return pids;
    }

    private static <T> T withProperty(String name, String value, Supplier<T> call) {
        String before = System.getProperty(name);
        System.setProperty(name, value);
        try {
            return call.get();
        } finally {
            if (before == null) {
                System.clearProperty(name);
            } else {
                System.setProperty(name, before);
            }
        }
    }

    private static void whileSet(String name, String value, Runnable call) {
        withProperty(name, value, () -> {
            call.run();
            return null;
        });
    }

    private static void awaitExit(ProcessHandle process) throws Exception {
        process.onExit().get(10, TimeUnit.SECONDS);
    }
}
