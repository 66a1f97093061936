#include "output.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "error.h"

static int write_all(int fd, const char *data, size_t len)
{
	while (len) {
		ssize_t n = write(fd, data, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		data += n;
		len -= (size_t)n;
	}
	return 0;
}

int kd_output_write(const char *path, const char *data, size_t len,
		    int force)
{
	struct kd_buf tmp = KD_BUF_INIT;
	int fd, err = 0, saved;

	kd_buf_addf(&tmp, "%s.tmp-XXXXXX", path);
	fd = mkstemp(tmp.buf);
	if (fd < 0) {
		kd_error_set("could not create '%s': %s", path, strerror(errno));
		kd_buf_release(&tmp);
		return KD_ERROR;
	}
	/* mkstemp makes it 0600; a digest is as readable as any new file */
	{
		mode_t mask = umask(0);
		umask(mask);
		(void)fchmod(fd, 0666 & ~mask);
	}
	if (write_all(fd, data, len) || fsync(fd)) {
		saved = errno;
		close(fd);
		kd_error_set("could not write '%s': %s", path, strerror(saved));
		err = KD_ERROR;
	} else if (close(fd)) {
		kd_error_set("could not write '%s': %s", path, strerror(errno));
		err = KD_ERROR;
	} else if (force) {
		if (rename(tmp.buf, path)) {
			kd_error_set("could not rename to '%s': %s", path,
				     strerror(errno));
			err = KD_ERROR;
		}
	} else if (link(tmp.buf, path)) {
		if (errno == EEXIST) {
			kd_error_set("'%s' exists already (use --force to "
				     "replace it)", path);
			err = KD_EEXISTS;
		} else {
			kd_error_set("could not create '%s': %s", path,
				     strerror(errno));
			err = KD_ERROR;
		}
	}
	/* after rename there is nothing left to remove; else the temporary */
	if (err || !force)
		unlink(tmp.buf);
	kd_buf_release(&tmp);
	return err;
}

void kd_output_path(struct kd_buf *out, const char *path, const char *from,
		    const char *to, const char *ext)
{
	struct stat st;

	kd_buf_addstr(out, path);
	if (stat(path, &st) || !S_ISDIR(st.st_mode))
		return;
	if (out->len && out->buf[out->len - 1] != '/')
		kd_buf_addch(out, '/');
	kd_buf_addf(out, "%s..%s.%s", from, to, ext);
}
