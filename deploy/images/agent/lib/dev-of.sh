# Sourced by the handlers that name interfaces by MAC. dev_of MAC: the interface with that MAC, or nothing.
dev_of() {
    for d in /sys/class/net/*; do
        [ "$(cat "$d/address")" = "$1" ] && { echo "${d##*/}"; return; }
    done
}
