"""The disks collector: by-id serials, mounts, the system disk, and the fake machines."""

from __future__ import annotations

import pytest

from agent.collectors import blockdev_linux, disks, mounts_linux
from agent.collectors.kernelfiles_linux import LOCAL
from agent.collectors.mounts_linux import Mount, Usage


@pytest.mark.parametrize(
    ("link", "expected"),
    [
        ("ata-Samsung_SSD_860_EVO_500GB_S3Z1NB0K123456A", ("ata", "S3Z1NB0K123456A")),
        ("nvme-SAMSUNG_MZVLB512HBJQ-000L7_S4ENNX0R123456", ("nvme", "S4ENNX0R123456")),
        ("usb-SanDisk_Cruzer_Blade_4C530001234567-0:0", ("usb", "4C530001234567")),
        ("virtio-vol_3f2a", ("virtio", "vol_3f2a")),
        ("mmc-SC32G_0x1234abcd", ("mmc", "0x1234abcd")),
        ("ata-Samsung_SSD_860_EVO_500GB_S3Z1NB0K123456A-part1", None),
        ("wwn-0x5002538e40a1b2c3", None),
        ("nvme-eui.0025388b91b2c3d4", None),
        ("dm-name-vgubuntu-root", None),
        ("ata-NOSERIAL", None),
    ],
)
def test_serial_from_by_id(link, expected) -> None:
    assert blockdev_linux.serial_from_by_id(link) == expected


def test_by_id_prefers_ata_over_scsi_and_nvme_without_namespace_suffix() -> None:
    links = {
        "scsi-SATA_WDC_WD10EZEX-08W_WD-WCC6Y1ABCDEF": "sdb",
        "ata-WDC_WD10EZEX-08WN4A0_WD-WCC6Y1ABCDEF": "sdb",
        "nvme-Samsung_SSD_970_EVO_Plus_1TB_S4EWNX0R123456_1": "nvme0n1",
        "nvme-Samsung_SSD_970_EVO_Plus_1TB_S4EWNX0R123456": "nvme0n1",
    }
    assert blockdev_linux.by_id_serials(links) == {
        "sdb": ("ata", "WD-WCC6Y1ABCDEF"),
        "nvme0n1": ("nvme", "S4EWNX0R123456"),
    }


@pytest.mark.parametrize(
    ("name", "rotational", "kind"),
    [("nvme0n1", 0, "nvme"), ("sda", 0, "ssd"), ("sdb", 1, "hdd"), ("vda", None, "unknown")],
)
def test_disk_kind(name, rotational, kind) -> None:
    assert blockdev_linux.disk_kind(name, rotational) == kind


def test_mount_escapes_are_decoded() -> None:
    text = "/dev/sdb1 /srv/Hồ\\040sơ\\011c\\134d ext4 rw 0 0\n"
    assert mounts_linux.parse_mounts(text) == [Mount("/dev/sdb1", "/srv/Hồ sơ\tc\\d", "ext4")]


def test_data_filesystems_keep_storage_and_drop_the_rest() -> None:
    mounts = mounts_linux.parse_mounts(
        "overlay / overlay rw 0 0\n"
        "proc /proc proc rw 0 0\n"
        "tmpfs /run tmpfs rw 0 0\n"
        "/dev/loop3 /snap/firefox/1 squashfs ro 0 0\n"
        "/dev/sr0 /media/cdrom iso9660 ro 0 0\n"
        "/dev/sdb1 /data xfs rw 0 0\n"
        "/dev/sdb1 /home/an/data xfs rw 0 0\n"
        "rpool/home /home zfs rw 0 0\n"
    )
    kept = [m.mount for m in mounts_linux.data_filesystems(mounts)]
    assert kept == ["/", "/data", "/home"]


def test_an_overmounted_root_counts_once() -> None:
    mounts = mounts_linux.parse_mounts("rootfs / rootfs rw 0 0\n/dev/sda1 / ext4 rw 0 0\n")
    assert mounts_linux.data_filesystems(mounts) == [Mount("/dev/sda1", "/", "ext4")]


def test_used_ratio_leaves_out_the_root_reserve() -> None:
    assert Usage(total_bytes=100, free_bytes=25, used_bytes=60).used_ratio == pytest.approx(60 / 85)
    assert Usage(total_bytes=0, free_bytes=0, used_bytes=0).used_ratio == 0.0


def test_desktop_sata_ssd_and_hdd(tree, usage, validate_section) -> None:
    value = disks.read_disks(LOCAL, tree("desktop"), usage)
    validate_section("hardware.disks", value)
    summary = [(d["name"], d["kind"], d["serial"], d["removable"]) for d in value["physical"]]
    assert summary == [
        ("sda", "ssd", "S3Z1NB0K123456A", False),
        ("sdb", "hdd", "WD-WCC6Y1ABCDEF", False),
    ]  # sr0, loop0 and the empty card reader sdc are not disks
    assert value["physical"][0]["size_bytes"] == 976773168 * 512
    assert value["physical"][0]["model"] == "Samsung SSD 860 EVO 500GB"
    assert [f["mount"] for f in value["filesystems"]] == ["/", "/srv/ho so"]
    assert value["filesystems"][0]["free_bytes"] == 25 * 2**30
    assert value["system_disk"] == "sda"


def test_laptop_root_on_luks_and_lvm_is_on_the_nvme(tree, usage, validate_section) -> None:
    value = disks.read_disks(LOCAL, tree("laptop"), usage)
    validate_section("hardware.disks", value)
    assert value["system_disk"] == "nvme0n1"
    nvme, stick = value["physical"]
    assert (nvme["kind"], nvme["serial"], nvme["model"]) == (
        "nvme",
        "S4ENNX0R123456",
        "SAMSUNG MZVLB512HBJQ-000L7",
    )
    assert (stick["name"], stick["removable"]) == ("sda", True)
    mounts = [f["mount"] for f in value["filesystems"]]
    assert mounts == ["/", "/boot", "/boot/efi", "/media/an/KINGSTON"]


def test_vm_virtio_disk_is_what_the_kernel_says(tree, usage, validate_section) -> None:
    value = disks.read_disks(LOCAL, tree("vm"), usage)
    validate_section("hardware.disks", value)
    assert value["physical"] == [
        {
            "name": "vda",
            "model": None,
            "serial": None,
            "size_bytes": 32 * 2**30,
            "kind": "hdd",
            "removable": False,
        }
    ]
    assert [f["mount"] for f in value["filesystems"]] == ["/"]  # not the CD-ROM


def test_unmeasurable_filesystems_are_left_out(tree) -> None:
    value = disks.read_disks(LOCAL, tree("desktop"), lambda mount: None)
    assert value["filesystems"] == []
    assert value["system_disk"] is None


@pytest.mark.parametrize(
    ("device", "disk"),
    [
        ("/dev/sda2", "sda"),
        ("/dev/sdb", "sdb"),
        ("/dev/root", None),
        ("rpool/ROOT", None),
    ],
)
def test_disk_of_mount_device(tree, device, disk) -> None:
    assert disks.disk_of(LOCAL, tree("desktop").sysfs, device) == disk


def test_disk_of_mapper_device(tree) -> None:
    assert disks.disk_of(LOCAL, tree("laptop").sysfs, "/dev/mapper/nvme0n1p3_crypt") == "nvme0n1"
    assert disks.disk_of(LOCAL, tree("laptop").sysfs, "/dev/mapper/missing") is None


def test_this_machine(this_machine) -> None:
    value = this_machine(disks.collect, "hardware.disks")
    assert value is None or value["filesystems"]
