package io.canvass.query.platform;

import io.canvass.platform.web.InvalidField;

import java.util.List;

/** Where a page of a list stands: number (from 0), size, and how many there are in all. */
public record Page(int number, int size, long totalElements, int totalPages) {

    public static final int MAX_SIZE = 500;

    public static Request request(int number, int size) {
        if (number < 0) {
            throw new InvalidField("page", "page must be 0 or more");
        }
        if (size < 1 || size > MAX_SIZE) {
            throw new InvalidField("size", "size must be between 1 and " + MAX_SIZE);
        }
        return new Request(number, size);
    }

    public record Request(int number, int size) {

        public <T> List<T> slice(List<T> all) {
            int from = (int) Math.min((long) number * size, all.size());
            return all.subList(from, Math.min(from + size, all.size()));
        }

        public Page page(long total) {
            return new Page(number, size, total, (int) ((total + size - 1) / size));
        }
    }
}
