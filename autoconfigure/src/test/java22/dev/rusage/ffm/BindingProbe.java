package dev.rusage.ffm;

import dev.rusage.ResourceUsageService;
import dev.rusage.UnavailableResourceUsageService;
import dev.rusage.Who;
import dev.rusage.platform.PlatformResourceUsageService;

/**
 * The main class of the JVMs that {@link NativeAccessTests} starts: creates the service
 * as {@link PlatformResourceUsageService#create()} does, reads it once and prints which
 * binding it uses, or why none could be used.
 */
final class BindingProbe {

	private BindingProbe() {
	}

	public static void main(String[] args) {
		ResourceUsageService service = PlatformResourceUsageService.create();
		if (service instanceof UnavailableResourceUsageService unavailable) {
			System.out.println("unavailable: " + unavailable.reason());
			System.out.println("detail: " + unavailable.detail());
			return;
		}
		System.out.println("binding: " + service.binding());
		System.out.println("maxrss: " + service.getrusage(Who.SELF).maxResidentSetSize());
	}

}
