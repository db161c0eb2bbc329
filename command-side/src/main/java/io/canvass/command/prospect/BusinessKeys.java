package io.canvass.command.prospect;

/**
 * The set of businesses already recorded, claimed in the transaction that records a prospect so
 * that the same business at the same address is refused at write time, even when two salespeople
 * record it at once.
 */
public interface BusinessKeys {

    /** Claims the key for the prospect and answers which prospect holds it now. */
    String claim(String businessKey, String prospectId);
}
