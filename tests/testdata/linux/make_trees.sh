#!/usr/bin/env bash
# Build the fake Linux trees under tests/testdata/linux (run once from the repo root).
set -euo pipefail
base=tests/testdata/linux
rm -rf "$base"/desktop "$base"/laptop "$base"/vm
w() { mkdir -p "$(dirname "$1")"; printf '%b' "$2" > "$1"; }
keep() { mkdir -p "$1"; : > "$1/.keep"; }
lnk() { mkdir -p "$(dirname "$2")"; ln -s "$1" "$2"; }

cpu_block() { # index physical core vendor model flags
  printf 'processor\t: %s\nvendor_id\t: %s\ncpu family\t: 6\nmodel name\t: %s\ncpu MHz\t\t: 1600.000\nphysical id\t: %s\ncore id\t\t: %s\nflags\t\t: %s\n\n' "$1" "$4" "$5" "$2" "$3" "$6"
}

############ desktop: Dell OptiPlex 7010, i5-3470, SATA SSD + HDD, legacy BIOS, TPM 1.2
d=$base/desktop
: > /tmp/cpuinfo
for i in 0 1 2 3; do cpu_block $i 0 $i GenuineIntel 'Intel(R) Core(TM) i5-3470 CPU @ 3.20GHz' 'fpu vme de pse tsc msr sse sse2 ht lm avx' >> /tmp/cpuinfo; done
mkdir -p $d/proc; cp /tmp/cpuinfo $d/proc/cpuinfo
w $d/proc/meminfo 'MemTotal:        8049428 kB\nMemFree:          812344 kB\nMemAvailable:    5123456 kB\nBuffers:          102400 kB\nCached:          3900000 kB\nSwapTotal:       2097148 kB\nSwapFree:        1048574 kB\n'
w $d/proc/stat 'cpu  10000 500 3000 80000 1000 0 200 0 0 0\ncpu0 2500 125 750 20000 250 0 50 0 0 0\nintr 123456\nctxt 987654\nbtime 1751328000\nprocesses 4321\nprocs_running 2\nprocs_blocked 0\n'
w $d/proc/loadavg '0.52 0.48 0.40 2/345 12345\n'
w $d/proc/uptime '86400.12 300000.00\n'
keep $d/proc/1; keep $d/proc/2; keep $d/proc/345; keep $d/proc/sys/fs
w $d/proc/sys/kernel/osrelease '5.15.0-113-generic\n'
w $d/proc/self/mounts 'sysfs /sys sysfs rw,nosuid,nodev,noexec,relatime 0 0\nproc /proc proc rw,nosuid,nodev,noexec,relatime 0 0\nudev /dev devtmpfs rw,nosuid,relatime,size=4005716k,nr_inodes=1001429,mode=755 0 0\ntmpfs /run tmpfs rw,nosuid,nodev,noexec,relatime,size=804944k,mode=755 0 0\n/dev/sda2 / ext4 rw,relatime,errors=remount-ro 0 0\n/dev/loop0 /snap/core22/1380 squashfs ro,nodev,relatime 0 0\n/dev/sdb1 /srv/ho\\040so ext4 rw,relatime 0 0\n/dev/sda2 /var/snap/shared ext4 rw,relatime 0 0\ntmpfs /dev/shm tmpfs rw,nosuid,nodev 0 0\n'
w $d/proc/net/route 'Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT\nenp2s0\t00000000\t010AA8C0\t0003\t0\t0\t100\t00000000\t0\t0\t0\nenp2s0\t000AA8C0\t00000000\t0001\t0\t0\t100\t00FFFFFF\t0\t0\t0\ndocker0\t000011AC\t00000000\t0001\t0\t0\t0\t0000FFFF\t0\t0\t0\n'
w $d/proc/asound/cards ' 0 [PCH            ]: HDA-Intel - HDA Intel PCH\n                      HDA Intel PCH at 0xf7f30000 irq 31\n'
keep $d/proc/asound/card0/pcm0c; keep $d/proc/asound/card0/pcm0p
w $d/sys/block/sda/size '976773168\n'; w $d/sys/block/sda/removable '0\n'; w $d/sys/block/sda/queue/rotational '0\n'
w $d/sys/block/sda/device/model 'Samsung SSD 860 EVO 500GB\n'
w $d/sys/block/sda/sda1/partition '1\n'; w $d/sys/block/sda/sda2/partition '2\n'
w $d/sys/block/sdb/size '1953525168\n'; w $d/sys/block/sdb/removable '0\n'; w $d/sys/block/sdb/queue/rotational '1\n'
w $d/sys/block/sdb/device/model 'WDC WD10EZEX-08WN4A0\n'; w $d/sys/block/sdb/sdb1/partition '1\n'
w $d/sys/block/sdc/size '0\n'; w $d/sys/block/sdc/removable '1\n'; w $d/sys/block/sdc/device/model 'SD/MMC Reader\n'
w $d/sys/block/sr0/size '2097151\n'; w $d/sys/block/sr0/removable '1\n'
w $d/sys/block/loop0/size '129992\n'; w $d/sys/block/loop0/removable '0\n'
lnk ../../sda $d/dev/disk/by-id/ata-Samsung_SSD_860_EVO_500GB_S3Z1NB0K123456A
lnk ../../sda1 $d/dev/disk/by-id/ata-Samsung_SSD_860_EVO_500GB_S3Z1NB0K123456A-part1
lnk ../../sda $d/dev/disk/by-id/wwn-0x5002538e40a1b2c3
lnk ../../sdb $d/dev/disk/by-id/ata-WDC_WD10EZEX-08WN4A0_WD-WCC6Y1ABCDEF
lnk ../../sdb $d/dev/disk/by-id/scsi-SATA_WDC_WD10EZEX-08W_WD-WCC6Y1ABCDEF
n=$d/sys/class/net
w $n/lo/flags '0x9\n'; w $n/lo/operstate 'unknown\n'; w $n/lo/address '00:00:00:00:00:00\n'; w $n/lo/mtu '65536\n'
w $n/enp2s0/flags '0x1003\n'; w $n/enp2s0/operstate 'up\n'; w $n/enp2s0/address '50:9A:4C:12:34:56\n'
w $n/enp2s0/mtu '1500\n'; w $n/enp2s0/speed '1000\n'; w $n/enp2s0/duplex 'full\n'; w $n/enp2s0/addr_assign_type '0\n'
w $n/enp2s0/device/vendor '0x8086\n'; lnk ../../../../bus/pci $n/enp2s0/device/subsystem
w $n/docker0/flags '0x1003\n'; w $n/docker0/operstate 'down\n'; w $n/docker0/address '02:42:ac:11:00:01\n'
w $n/docker0/mtu '1500\n'; w $n/docker0/addr_assign_type '3\n'
i=$d/sys/class/dmi/id
w $i/sys_vendor 'Dell Inc.\n'; w $i/product_name 'OptiPlex 7010\n'; w $i/product_serial '9ABCDE2\n'
w $i/product_uuid '4C4C4544-0042-3510-8053-B9C04F4A4D32\n'; w $i/bios_vendor 'Dell Inc.\n'
w $i/bios_version 'A29\n'; w $i/bios_date '06/28/2018\n'; w $i/chassis_type '3\n'
keep $d/sys/firmware/acpi
w $d/sys/class/tpm/tpm0/caps 'Manufacturer: 0x53544d20\nTCG version: 1.2\nFirmware version: 13.12\n'
w $d/etc/os-release 'PRETTY_NAME="Ubuntu 22.04.4 LTS"\nNAME="Ubuntu"\nVERSION_ID="22.04"\nVERSION="22.04.4 LTS (Jammy Jellyfish)"\nID=ubuntu\nID_LIKE=debian\n'
w $d/etc/machine-id '0f3a5c2e9b8d4e1fa6c7d8e9f0a1b2c3\n'

############ laptop: ThinkPad, Ryzen 5 5500U, NVMe under LUKS+LVM, UEFI + Secure Boot, TPM 2.0
l=$base/laptop
: > /tmp/cpuinfo
for i in $(seq 0 11); do cpu_block $i 0 $((i / 2)) AuthenticAMD 'AMD Ryzen 5 5500U with Radeon Graphics' 'fpu vme de pse tsc msr sse sse2 ht lm avx2 svm' >> /tmp/cpuinfo; done
mkdir -p $l/proc; cp /tmp/cpuinfo $l/proc/cpuinfo
w $l/sys/devices/system/cpu/cpu0/cpufreq/cpuinfo_max_freq '4056000\n'
w $l/proc/meminfo 'MemTotal:       15728640 kB\nMemFree:         4000000 kB\nMemAvailable:    7864320 kB\nSwapTotal:             0 kB\nSwapFree:              0 kB\n'
w $l/proc/stat 'cpu  50000 100 20000 400000 3000 0 900 0 0 0\nbtime 1761955200\n'
w $l/proc/loadavg '1.20 0.90 0.70 3/1024 45678\n'
w $l/proc/uptime '3600.50 30000.00\n'
keep $l/proc/1; keep $l/proc/812
w $l/proc/sys/kernel/osrelease '6.8.0-48-generic\n'
w $l/proc/self/mounts '/dev/mapper/vgubuntu-root / ext4 rw,relatime 0 0\n/dev/nvme0n1p2 /boot ext4 rw,relatime 0 0\n/dev/nvme0n1p1 /boot/efi vfat rw,relatime,fmask=0077,dmask=0077 0 0\ntmpfs /run/user/1000 tmpfs rw,nosuid,nodev 0 0\n/dev/sda1 /media/an/KINGSTON vfat rw,nosuid,nodev 0 0\n'
w $l/proc/net/route 'Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT\nwlp1s0\t00000000\t0100000A\t0003\t0\t0\t600\t00000000\t0\t0\t0\nwlp1s0\t0000000A\t00000000\t0001\t0\t0\t600\t0000FFFF\t0\t0\t0\n'
w $l/proc/asound/cards ' 0 [HDMI           ]: HDA-Intel - HDA ATI HDMI\n                      HDA ATI HDMI at 0xd0748000 irq 85\n 1 [Generic        ]: HDA-Intel - HD-Audio Generic\n                      HD-Audio Generic at 0xd0740000 irq 86\n'
keep $l/proc/asound/card0/pcm3p; keep $l/proc/asound/card1/pcm0p; keep $l/proc/asound/card1/pcm0c
b=$l/sys/block
w $b/nvme0n1/size '1000215216\n'; w $b/nvme0n1/removable '0\n'; w $b/nvme0n1/queue/rotational '0\n'
w $b/nvme0n1/device/model 'SAMSUNG MZVLB512HBJQ-000L7              \n'; w $b/nvme0n1/device/serial '      S4ENNX0R123456\n'
for p in 1 2 3; do w $b/nvme0n1/nvme0n1p$p/partition "$p\n"; done
w $b/dm-0/size '995000000\n'; w $b/dm-0/dm/name 'nvme0n1p3_crypt\n'; keep $b/dm-0/slaves/nvme0n1p3
w $b/dm-1/size '990000000\n'; w $b/dm-1/dm/name 'vgubuntu-root\n'; keep $b/dm-1/slaves/dm-0
w $b/sda/size '60063744\n'; w $b/sda/removable '1\n'; w $b/sda/queue/rotational '1\n'; w $b/sda/device/model 'DataTraveler 3.0\n'
w $b/sda/sda1/partition '1\n'
lnk ../../nvme0n1 $l/dev/disk/by-id/nvme-SAMSUNG_MZVLB512HBJQ-000L7_S4ENNX0R123456
lnk ../../nvme0n1 $l/dev/disk/by-id/nvme-SAMSUNG_MZVLB512HBJQ-000L7_S4ENNX0R123456_1
lnk ../../nvme0n1 $l/dev/disk/by-id/nvme-eui.0025388b91b2c3d4
lnk ../../dm-1 $l/dev/disk/by-id/dm-name-vgubuntu-root
lnk ../../sda $l/dev/disk/by-id/usb-Kingston_DataTraveler_3.0_E0D55EA574B1F4B0A9A1B2C3
lnk ../../sda1 $l/dev/disk/by-id/usb-Kingston_DataTraveler_3.0_E0D55EA574B1F4B0A9A1B2C3-part1
n=$l/sys/class/net
w $n/lo/flags '0x9\n'; w $n/lo/operstate 'unknown\n'; w $n/lo/address '00:00:00:00:00:00\n'; w $n/lo/mtu '65536\n'
w $n/wlp1s0/flags '0x1003\n'; w $n/wlp1s0/operstate 'up\n'; w $n/wlp1s0/address '14:f6:d8:aa:bb:cc\n'
w $n/wlp1s0/mtu '1500\n'; w $n/wlp1s0/addr_assign_type '0\n'; w $n/wlp1s0/device/vendor '0x10ec\n'
lnk ../../../../bus/pci $n/wlp1s0/device/subsystem
w $n/enx00e04c680001/flags '0x1002\n'; w $n/enx00e04c680001/operstate 'down\n'
w $n/enx00e04c680001/address '00:e0:4c:68:00:01\n'; w $n/enx00e04c680001/mtu '1500\n'
w $n/enx00e04c680001/addr_assign_type '0\n'; w $n/enx00e04c680001/duplex 'unknown\n'
lnk ../../../../../bus/usb $n/enx00e04c680001/device/subsystem
i=$l/sys/class/dmi/id
w $i/sys_vendor 'LENOVO\n'; w $i/product_name '20XY0035VN\n'; w $i/bios_vendor 'LENOVO\n'
w $i/bios_version 'R1AET45W (1.21 )\n'; w $i/bios_date '03/15/2023\n'; w $i/chassis_type '10\n'
w $l/sys/firmware/efi/efivars/SecureBoot-8be4df61-93ca-11d2-aa0d-00e098032b8c '\x06\x00\x00\x00\x01'
w $l/sys/class/tpm/tpm0/tpm_version_major '2\n'; keep $l/sys/class/tpmrm/tpmrm0
v=$l/sys/class/video4linux
w $v/video0/name 'Integrated Camera: Integrated C\n'; w $v/video0/index '0\n'
w $v/video1/name 'Integrated Camera: Integrated C\n'; w $v/video1/index '1\n'
w $l/etc/os-release 'PRETTY_NAME="Ubuntu 24.04.1 LTS"\nNAME="Ubuntu"\nVERSION_ID="24.04"\nID=ubuntu\nID_LIKE=debian\n'
w $l/etc/machine-id '7e1d2c3b4a5968778695a4b3c2d1e0f9\n'

############ vm: QEMU/KVM guest, virtio disk without serial, no DMI serial, no TPM, BIOS
m=$base/vm
: > /tmp/cpuinfo
for i in 0 1; do cpu_block $i 0 $i GenuineIntel 'QEMU Virtual CPU version 2.5+' 'fpu de pse tsc msr sse sse2 hypervisor lahf_lm' >> /tmp/cpuinfo; done
mkdir -p $m/proc; cp /tmp/cpuinfo $m/proc/cpuinfo
w $m/proc/meminfo 'MemTotal:        4027584 kB\nMemFree:          500000 kB\nMemAvailable:    1006896 kB\nSwapTotal:       1048572 kB\nSwapFree:         786429 kB\n'
w $m/proc/stat 'cpu  9000 0 1000 20000 0 0 0 0 0 0\nbtime 1700000000\n'
w $m/proc/loadavg '2.00 1.50 1.00 1/120 999\n'
w $m/proc/uptime '120.00 200.00\n'
keep $m/proc/1
w $m/proc/sys/kernel/osrelease '6.1.0-26-amd64\n'
w $m/proc/self/mounts '/dev/vda1 / ext4 rw,relatime,discard,errors=remount-ro 0 0\nproc /proc proc rw 0 0\n/dev/sr0 /media/cdrom0 iso9660 ro,nosuid,nodev 0 0\n'
w $m/proc/net/route 'Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT\nens3\t00000000\t0202000A\t0003\t0\t0\t0\t00000000\t0\t0\t0\nens3\t0002000A\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0\n'
w $m/sys/block/vda/size '67108864\n'; w $m/sys/block/vda/removable '0\n'; w $m/sys/block/vda/queue/rotational '1\n'
w $m/sys/block/vda/vda1/partition '1\n'
w $m/sys/block/sr0/size '2097151\n'
keep $m/dev
n=$m/sys/class/net
w $n/lo/flags '0x9\n'; w $n/lo/operstate 'unknown\n'; w $n/lo/mtu '65536\n'
w $n/ens3/flags '0x1003\n'; w $n/ens3/operstate 'up\n'; w $n/ens3/address '52:54:00:12:34:56\n'
w $n/ens3/mtu '1500\n'; w $n/ens3/speed '-1\n'; w $n/ens3/duplex 'unknown\n'; w $n/ens3/addr_assign_type '0\n'
w $n/ens3/device/vendor '0x1af4\n'
i=$m/sys/class/dmi/id
w $i/sys_vendor 'QEMU\n'; w $i/product_name 'Standard PC (Q35 + ICH9, 2009)\n'; w $i/bios_vendor 'SeaBIOS\n'
w $i/bios_version '1.16.3-debian-1.16.3-2\n'; w $i/bios_date '04/01/2014\n'; w $i/chassis_type '1\n'
keep $m/sys/firmware/acpi
keep $m/sys/class/tpm
w $m/etc/os-release 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nNAME="Debian GNU/Linux"\nVERSION_ID="12"\nID=debian\n'
w $m/etc/machine-id '3d1219c7c4c5404aaa1f6d2a48adfda4\n'
