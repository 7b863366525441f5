package dev.rusage.autoconfigure.observation;

import java.util.Queue;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import brave.handler.MutableSpan;
import brave.handler.SpanHandler;
import brave.propagation.TraceContext;
import io.micrometer.observation.annotation.Observed;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.task.support.ContextPropagatingTaskDecorator;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;
import org.springframework.web.context.request.async.WebAsyncTask;

/**
 * A Spring MVC application whose work runs on the thread models a user meets: a request's
 * own thread, an {@code @Observed} method called inside a request, a {@code @Scheduled}
 * task, and the asynchronous request processing of {@link Callable} and
 * {@link DeferredResult}, with and without the observation propagated to the thread that
 * does the work. Its spans are collected by Brave.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@EnableScheduling
@Import({ ObservedWebMvcApplication.WorkController.class, ObservedWebMvcApplication.ObservedWork.class,
		ObservedWebMvcApplication.ScheduledWork.class })
class ObservedWebMvcApplication {

	static final long BURN_MILLIS = 100;

	static final String OBSERVED_WORK = "observed.work";

	@Bean
	SpanCollector spanCollector() {
		return new SpanCollector();
	}

	@Bean
	ObservationEventLog observationEventLog() {
		return new ObservationEventLog("http.server.requests");
	}

	/**
	 * Collects the spans Brave finishes.
	 */
	static final class SpanCollector extends SpanHandler {

		final Queue<MutableSpan> spans = new ConcurrentLinkedQueue<>();

		@Override
		public boolean end(TraceContext context, MutableSpan span, Cause cause) {
			this.spans.add(span);
			return true;
		}

	}

	@Component
	static class ObservedWork {

		@Observed(name = OBSERVED_WORK)
		public long burn(long millis) {
			return CpuBurner.burn(millis);
		}

	}

	/**
	 * Burns once, when the application has started.
	 */
	@Component
	static class ScheduledWork {

		final AtomicLong burned = new AtomicLong();

		final AtomicReference<String> thread = new AtomicReference<>();

		@Scheduled(fixedDelay = 1, timeUnit = TimeUnit.DAYS)
		void burnOnce() {
			this.thread.set(Thread.currentThread().getName());
			this.burned.set(CpuBurner.burn(BURN_MILLIS));
		}

	}

	@RestController
	static class WorkController implements DisposableBean {

		final AtomicReference<String> burner = new AtomicReference<>();

		private final ObservedWork observedWork;

		// neither is a bean: an Executor bean would replace Boot's
		// applicationTaskExecutor
		private final ThreadPoolTaskExecutor plain = executor("plain-", false);

		private final ThreadPoolTaskExecutor propagating = executor("propagating-", true);

		WorkController(ObservedWork observedWork) {
			this.observedWork = observedWork;
		}

		private static ThreadPoolTaskExecutor executor(String prefix, boolean propagating) {
			ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
			executor.setThreadNamePrefix(prefix);
			executor.setCorePoolSize(2);
			if (propagating) {
				executor.setTaskDecorator(new ContextPropagatingTaskDecorator());
			}
			executor.initialize();
			return executor;
		}

		@GetMapping("/burn")
		String burn() {
			return burnHere();
		}

		@GetMapping("/sleep")
		String sleep() throws InterruptedException {
			Thread.sleep(50);
			return "slept";
		}

		@GetMapping("/observed")
		String observed() {
			return "burned " + this.observedWork.burn(BURN_MILLIS) + " ns";
		}

		@GetMapping("/callable")
		Callable<String> callable() {
			return this::burnHere;
		}

		@GetMapping("/callable-propagated")
		WebAsyncTask<String> callablePropagated() {
			return new WebAsyncTask<>(10_000L, this.propagating, this::burnHere);
		}

		@GetMapping("/deferred")
		DeferredResult<String> deferred() {
			return completeOn(this.plain);
		}

		@GetMapping("/deferred-propagated")
		DeferredResult<String> deferredPropagated() {
			return completeOn(this.propagating);
		}

		// never completed: Spring MVC answers 503 when its async processing times out
		@GetMapping("/deferred-never")
		DeferredResult<String> deferredNever() {
			CpuBurner.burn(BURN_MILLIS);
			return new DeferredResult<>(50L);
		}

		@GetMapping("/fail")
		String fail() {
			CpuBurner.burn(BURN_MILLIS);
			throw new IllegalStateException("failed on purpose");
		}

		private DeferredResult<String> completeOn(ThreadPoolTaskExecutor executor) {
			DeferredResult<String> result = new DeferredResult<>(10_000L);
			executor.execute(() -> result.setResult(burnHere()));
			return result;
		}

		private String burnHere() {
			this.burner.set(Thread.currentThread().getName());
			return "burned " + CpuBurner.burn(BURN_MILLIS) + " ns";
		}

		@Override
		public void destroy() {
			this.plain.shutdown();
			this.propagating.shutdown();
		}

	}

}
