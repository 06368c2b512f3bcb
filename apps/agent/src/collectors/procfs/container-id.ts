/*
 * Container runtimes name a container's cgroup after its 64-hex id, with a runtime prefix under
 * systemd (`docker-<id>.scope`, `cri-containerd-<id>.scope`, `crio-<id>.scope`,
 * `libpod-<id>.scope`) or as a bare directory under cgroupfs (`/docker/<id>`,
 * `/kubepods/burstable/pod<uid>/<id>`). The runtimes' monitor processes (`crio-conmon-<id>`,
 * `libpod-conmon-<id>`) run outside the container and must not match.
 */

const PREFIXES = ['docker-', 'cri-containerd-', 'containerd-', 'crio-', 'libpod-'];
const ID = /^[0-9a-f]{64}$/;

/** The container id named by one cgroup path segment, or ''. */
function idOfSegment(segment: string): string {
  let name = segment.endsWith('.scope') ? segment.slice(0, -'.scope'.length) : segment;
  const prefix = PREFIXES.find((p) => name.startsWith(p));
  if (prefix !== undefined) name = name.slice(prefix.length);
  return ID.test(name) ? name : '';
}

/**
 * Extracts the container id from the text of `/proc/PID/cgroup` (cgroup v1 or v2 lines
 * `hierarchy:controllers:path`). Returns the deepest id-shaped segment of the first line that has
 * one (podman nests a `container` cgroup below its scope), or '' outside containers.
 */
export function containerIdFromCgroup(text: string): string {
  for (const line of text.split('\n')) {
    const pathAt = line.indexOf(':', line.indexOf(':') + 1) + 1;
    if (pathAt === 0) continue;
    const segments = line.slice(pathAt).split('/');
    for (let i = segments.length - 1; i >= 0; i--) {
      const id = idOfSegment(segments[i] ?? '');
      if (id !== '') return id;
    }
  }
  return '';
}
