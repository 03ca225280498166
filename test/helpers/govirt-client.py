#!/usr/bin/python3
"""Drives an oVirt engine with libgovirt (Debian: gir1.2-govirt-1.0, python3-gi) the way virt-viewer does:
an OvirtProxy on https://HOST (the engine's CA trusted from a file, the SSO token a console file carries),
the API root, its collections, a VM search, the console ticket, stop and start. Prints one JSON document.

usage: govirt-client.py HOST:PORT CA_FILE list
       govirt-client.py HOST:PORT CA_FILE cycle VM_NAME     (ticket, stop, stop again, start)
       govirt-client.py HOST:PORT CA_FILE state VM_NAME
The SSO token comes in the GOVIRT_SSO_TOKEN environment variable (never on the command line).
"""
import json
import os
import sys

import gi

gi.require_version('GoVirt', '1.0')
from gi.repository import GLib, GoVirt  # noqa: E402


def connect(host, ca_file):
    proxy = GoVirt.Proxy.new(host)
    proxy.set_property('ssl-ca-file', ca_file)
    proxy.set_property('sso-token', os.environ['GOVIRT_SSO_TOKEN'])
    return proxy, proxy.fetch_api()


def names_and_states(proxy, collection):
    collection.fetch(proxy)
    out = {}
    for name, resource in collection.get_resources().items():
        state = resource.get_property('state') if resource.find_property('state') else None
        out[name] = {'id': resource.get_property('guid'), 'state': state.value_nick if state is not None else None}
    return out


def find_vm(proxy, api, name):
    found = api.search_vms(f'name={name}')
    found.fetch(proxy)
    vms = list(found.get_resources().values())
    if len(vms) != 1:
        raise SystemExit(f'expected one VM named {name}, found {len(vms)}')
    return vms[0]


def state_of(proxy, vm):
    vm.refresh(proxy)
    return vm.get_property('state').value_nick


def error_text(action):
    try:
        action()
        return None
    except GLib.Error as error:
        return error.message


def cycle(proxy, api, name):
    vm = find_vm(proxy, api, name)
    result = {'before': vm.get_property('state').value_nick}
    vm.get_ticket(proxy)
    display = vm.get_property('display')
    result['display'] = {
        'type': display.get_property('type').value_nick,
        'address': display.get_property('address'),
        'port': display.get_property('port'),
        'ticket_length': len(display.get_property('ticket') or ''),
        'expiry': display.get_property('expiry'),
    }
    vm.stop(proxy)
    result['after_stop'] = state_of(proxy, vm)
    result['stop_again_error'] = error_text(lambda: vm.stop(proxy))
    vm.start(proxy)
    result['after_start'] = state_of(proxy, vm)
    return result


def main():
    host, ca_file, command = sys.argv[1:4]
    proxy, api = connect(host, ca_file)
    if command == 'list':
        result = {
            'vms': names_and_states(proxy, api.get_vms()),
            'hosts': names_and_states(proxy, api.get_hosts()),
            'clusters': names_and_states(proxy, api.get_clusters()),
            'data_centers': names_and_states(proxy, api.get_data_centers()),
            'storage_domains': names_and_states(proxy, api.get_storage_domains()),
        }
    elif command == 'cycle':
        result = cycle(proxy, api, sys.argv[4])
    elif command == 'state':
        result = {'state': state_of(proxy, find_vm(proxy, api, sys.argv[4]))}
    else:
        raise SystemExit(f'unknown command {command}')
    json.dump(result, sys.stdout)


main()
