import { describe, expect, it } from 'vitest';
import { containerIdFromCgroup } from './container-id.js';

const ID = 'a'.repeat(8) + '0123456789abcdef'.repeat(3) + 'b'.repeat(8);

describe('containerIdFromCgroup', () => {
  it.each([
    ['docker, cgroup v2 under systemd', `0::/system.slice/docker-${ID}.scope\n`],
    ['docker, cgroup v1', `12:memory:/docker/${ID}\n11:cpu:/docker/${ID}\n`],
    ['kubernetes, cgroupfs driver', `0::/kubepods/burstable/pod5f2c7d1e-1111-2222-3333-444455556666/${ID}\n`],
    ['containerd under systemd', `0::/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod1.slice/cri-containerd-${ID}.scope\n`],
    ['cri-o', `0::/kubepods.slice/kubepods-pod1.slice/crio-${ID}.scope\n`],
    ['podman with a nested container cgroup', `0::/machine.slice/libpod-${ID}.scope/container\n`],
  ])('finds the id: %s', (_name, text) => {
    expect(containerIdFromCgroup(text)).toBe(ID);
  });

  it.each([
    ['a plain service', '0::/system.slice/nginx.service\n'],
    ['the root cgroup', '0::/\n'],
    ['a runtime monitor outside the container', `0::/machine.slice/libpod-conmon-${ID}.scope\n`],
    ['cri-o conmon', `0::/kubepods.slice/crio-conmon-${ID}.scope\n`],
    ['a 63-hex name', `0::/docker/${ID.slice(1)}\n`],
    ['upper-case hex', `0::/docker/${ID.toUpperCase()}\n`],
    ['empty text', ''],
  ])('finds none: %s', (_name, text) => {
    expect(containerIdFromCgroup(text)).toBe('');
  });
});
