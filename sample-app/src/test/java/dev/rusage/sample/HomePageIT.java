package dev.rusage.sample;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Opens the sample's home page in headless Chromium, as a person would: the page loads
 * with no console error, its three charts get a point a second from
 * {@code /actuator/rusage}, and after its button sends requests to {@code /digest} the
 * table of CPU per request lists {@code /digest}. A screenshot is saved as
 * {@code target/home-page.png}.
 * <p>
 * Needs Debian's {@code chromium} and {@code chromium-driver} packages: skipped without
 * them, unless {@code rusage.it.browser} is {@code required} (as {@code .ci/run} sets
 * it).
 */
@EnabledOnOs(OS.LINUX)
class HomePageIT {

	private static final String INSTALL = "Debian: apt-get install chromium chromium-driver";

	private static final List<String> CHARTS = List.of("chart-cpu", "chart-faults", "chart-switches");

	@TempDir
	static Path temp;

	private static SampleProcess sample;

	private static ChromeDriverService service;

	private static ChromeDriver browser;

	@BeforeAll
	static void startTheSampleAndABrowser() throws Exception {
		Path chromium = InstalledProgram.find("chromium", "rusage.it.browser", INSTALL);
		Path chromedriver = InstalledProgram.find("chromedriver", "rusage.it.browser", INSTALL);
		sample = SampleProcess.jar(temp).start();
		service = new ChromeDriverService.Builder().usingDriverExecutable(chromedriver.toFile())
			.usingAnyFreePort()
			.withLogFile(temp.resolve("chromedriver.log").toFile())
			.build();
		ChromeOptions options = new ChromeOptions();
		options.setBinary(chromium.toString());
		// nothing but the sample on the loopback: no update, sync or other traffic of its
		// own
		options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
				"--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
				"--disable-sync", "--disable-default-apps", "--disable-extensions", "--window-size=1280,1000",
				"--user-data-dir=" + Files.createDirectories(temp.resolve("chromium-profile")));
		LoggingPreferences logs = new LoggingPreferences();
		logs.enable(LogType.BROWSER, Level.ALL);
		options.setCapability("goog:loggingPrefs", logs);
		browser = new ChromeDriver(service, options);
	}

	@AfterAll
	static void stopTheBrowserAndTheSample() throws Exception {
		try {
			if (browser != null) {
				browser.quit();
			}
			if (service != null) {
				service.stop();
			}
		}
		finally {
			if (sample != null) {
				sample.close();
			}
		}
	}

	@Test
	void homePageDrawsLiveChartsAndListsTheCpuPerRequestOfDigest() throws Exception {
		browser.get("http://127.0.0.1:" + sample.port() + "/");
		assertThat(browser.getTitle()).isEqualTo("rusage sample: this process, live");
		await("a point a second in every chart").atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(250))
			.ignoreException(StaleElementReferenceException.class)
			.untilAsserted(() -> assertThat(CHARTS)
				.allSatisfy((chart) -> assertThat(points(chart)).isGreaterThanOrEqualTo(3)));
		for (String chart : CHARTS) {
			List<WebElement> lines = browser.findElements(By.cssSelector("#" + chart + " polyline"));
			assertThat(lines).as(chart)
				.hasSize(2)
				.allSatisfy((line) -> assertThat(line.getAttribute("points")).as(chart)
					.matches("\\d+(\\.\\d+)?,\\d+(\\.\\d+)?( \\d+(\\.\\d+)?,\\d+(\\.\\d+)?){2,}"));
		}
		assertThat(browser.findElement(By.id("status")).getText()).startsWith("Since the JVM started: ");
		await("the table lists the page's own requests").atMost(Duration.ofSeconds(10))
			.ignoreException(StaleElementReferenceException.class)
			.until(() -> !browser.findElements(By.cssSelector("#endpoints tr[data-uri='/actuator/rusage']")).isEmpty());
		assertThat(browser.findElements(By.cssSelector("#endpoints tr[data-uri='/digest']"))).isEmpty();

		browser.findElement(By.id("fire")).click();
		await("the button's 20 requests answered").atMost(Duration.ofSeconds(120))
			.pollInterval(Duration.ofMillis(250))
			.untilAsserted(() -> assertThat(browser.findElement(By.id("fire-status")).getText())
				.startsWith("20 of 20 requests answered in "));
		// the page redraws the table every second: a row read as it is replaced is read
		// again at the next poll
		await("/digest in the table").atMost(Duration.ofSeconds(10))
			.ignoreException(StaleElementReferenceException.class)
			.untilAsserted(() -> {
				List<WebElement> cells = browser.findElements(By.cssSelector("#endpoints tr[data-uri='/digest'] td"));
				assertThat(cells).hasSize(5);
				assertThat(cells.get(0).getText()).isEqualTo("/digest");
				assertThat(Integer.parseInt(cells.get(1).getText())).isEqualTo(20);
				assertThat(Double.parseDouble(cells.get(2).getText())).as("CPU per request (ms)").isPositive();
			});
		// two more readings, so the charts show the requests' CPU
		int points = points("chart-cpu");
		await().atMost(Duration.ofSeconds(10)).until(() -> points("chart-cpu") >= Math.min(points + 2, 60));
		Path screenshot = Path.of(System.getProperty("rusage.it.output", "target")).resolve("home-page.png");
		Files.createDirectories(screenshot.getParent());
		Files.write(screenshot, browser.getScreenshotAs(OutputType.BYTES));
		System.out.println("HomePageIT: screenshot " + screenshot.toAbsolutePath());

		List<LogEntry> console = browser.manage().logs().get(LogType.BROWSER).getAll();
		console.forEach((entry) -> System.out.println("HomePageIT console: " + entry));
		assertThat(console).as("console messages of level SEVERE")
			.noneSatisfy((entry) -> assertThat(entry.getLevel()).isEqualTo(Level.SEVERE));
		// the console is really read: a message of the test's own is there
		browser.executeScript("console.warn('HomePageIT probe')");
		assertThat(browser.manage().logs().get(LogType.BROWSER).getAll())
			.anySatisfy((entry) -> assertThat(entry.getMessage()).contains("HomePageIT probe"));
	}

	private static int points(String chart) {
		return Integer.parseInt(browser.findElement(By.id(chart)).getAttribute("data-points"));
	}

}
