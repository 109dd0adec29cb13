package io.brainstem.sample;

import java.util.List;

/** Block-device I/O rates for every whole disk the host has (partitions and virtual devices left out). */
public record DiskIoReadings(List<Device> devices) implements Reading {
    public DiskIoReadings {
        devices = List.copyOf(devices);
    }

    /**
     * One device's rates since the previous poll (absent on the device's first poll).
     *
     * @param busyFraction share of the interval the device had I/O in flight (0–1), absent where the
     *                     platform does not report it
     */
    public record Device(String name, double readBytesPerSecond, double writeBytesPerSecond,
                         double readsPerSecond, double writesPerSecond, double busyFraction) {
    }
}
