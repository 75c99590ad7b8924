"""A Modbus RTU server with device identification, from pymodbus (Debian's python3-pymodbus 3.0).

Usage: python3 modbus_server.py DEVICE UNIT VENDOR PRODUCT REVISION
"""
import sys

from pymodbus.datastore import ModbusSequentialDataBlock, ModbusServerContext, ModbusSlaveContext
from pymodbus.device import ModbusDeviceIdentification
from pymodbus.server import StartSerialServer
from pymodbus.transaction import ModbusRtuFramer

device, unit, vendor, product, revision = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5]
store = ModbusSlaveContext(hr=ModbusSequentialDataBlock(0, [215] * 16))
context = ModbusServerContext(slaves={unit: store}, single=False)
identity = ModbusDeviceIdentification(info_name={
    "VendorName": vendor, "ProductCode": product, "MajorMinorRevision": revision})
print("ready", flush=True)
# Pseudo-terminals reject parity, so the server runs at 8N1; they ignore the speed.
StartSerialServer(context=context, identity=identity, framer=ModbusRtuFramer, port=device, baudrate=9600,
                  bytesize=8, parity="N", stopbits=1, timeout=0.05)
