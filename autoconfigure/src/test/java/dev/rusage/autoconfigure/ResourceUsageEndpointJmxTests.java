package dev.rusage.autoconfigure;

import java.util.Set;

import javax.management.MBeanServer;
import javax.management.ObjectName;

import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the {@code rusage} endpoint over JMX.
 */
@SpringBootTest(properties = { "spring.jmx.enabled=true", "spring.jmx.unique-names=true",
		"management.endpoints.jmx.exposure.include=rusage" })
@EnabledOnOs(OS.LINUX)
class ResourceUsageEndpointJmxTests {

	@Autowired
	private MBeanServer mbeanServer;

	@Test
	void endpointShouldBeAnMBeanWhoseOperationsReturnUsage() throws Exception {
		Set<ObjectName> names = this.mbeanServer
			.queryNames(new ObjectName("org.springframework.boot:type=Endpoint,name=Rusage,*"), null);
		assertThat(names).hasSize(1);
		ObjectName name = names.iterator().next();
		Object self = this.mbeanServer.invoke(name, "rusage", new Object[0], new String[0]);
		assertThat(self).asInstanceOf(InstanceOfAssertFactories.MAP)
			.containsEntry("who", "self")
			.containsKeys("ru_utime", "ru_maxrss", "ru_nivcsw", "maxrss_bytes", "pagesize", "unmaintained");
		Object children = this.mbeanServer.invoke(name, "rusageFor", new Object[] { "children" },
				new String[] { String.class.getName() });
		assertThat(children).asInstanceOf(InstanceOfAssertFactories.map(String.class, Object.class))
			.containsEntry("who", "children");
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class TestApplication {

	}

}
