// SPDX-License-Identifier: GPL-2.0-or-later
/* The GL renderer of this machine, for the report: a surfaceless EGL
 * context (Mesa), so no window or display is needed. */
#include <epoxy/egl.h>
#include <epoxy/gl.h>
#include <glib.h>

#include "lgbench.h"

void lgbench_gl_renderer(char *out, size_t len)
{
	g_strlcpy(out, "-", len);
	if (!epoxy_has_egl_extension(EGL_NO_DISPLAY, "EGL_MESA_platform_surfaceless"))
		return;
	EGLDisplay dpy = eglGetPlatformDisplayEXT(EGL_PLATFORM_SURFACELESS_MESA, EGL_DEFAULT_DISPLAY,
						  NULL);
	if (dpy == EGL_NO_DISPLAY || !eglInitialize(dpy, NULL, NULL))
		return;
	eglBindAPI(EGL_OPENGL_API);
	EGLContext ctx = eglCreateContext(dpy, EGL_NO_CONFIG_KHR, EGL_NO_CONTEXT, NULL);
	if (ctx != EGL_NO_CONTEXT && eglMakeCurrent(dpy, EGL_NO_SURFACE, EGL_NO_SURFACE, ctx)) {
		const char *r = (const char *)glGetString(GL_RENDERER);
		if (r)
			g_strlcpy(out, r, len);
		eglMakeCurrent(dpy, EGL_NO_SURFACE, EGL_NO_SURFACE, EGL_NO_CONTEXT);
	}
	if (ctx != EGL_NO_CONTEXT)
		eglDestroyContext(dpy, ctx);
	eglTerminate(dpy);
}
