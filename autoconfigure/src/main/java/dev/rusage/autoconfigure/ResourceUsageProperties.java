package dev.rusage.autoconfigure;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration properties of the resource usage service.
 *
 * @since 0.1.0
 */
@ConfigurationProperties("rusage")
public class ResourceUsageProperties {

	/**
	 * Native binding that calls getrusage: 'auto' for the first that loads (ffm on Java
	 * 22 and later, then jna), 'ffm' (java.lang.foreign) or 'jna'.
	 */
	private String binding = "auto";

	/**
	 * Returns the native binding to use.
	 * @return {@code auto}, or a binding's name
	 */
	public String getBinding() {
		return this.binding;
	}

	/**
	 * Sets the native binding to use.
	 * @param binding {@code auto}, or a binding's name
	 */
	public void setBinding(String binding) {
		this.binding = binding;
	}

}
